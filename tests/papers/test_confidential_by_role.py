"""A confidential item's paper, tried by every role: voting members, officers, administrators
and auditors may open it; observers, outsiders and the public may not."""

from __future__ import annotations

import pytest

from governance.extensions import db

ALLOWED = {"admin", "auditor", "secretary", "chair", "member", "parent"}
ROLES = ["anonymous", *sorted(ALLOWED), "observer", "outsider"]


@pytest.mark.parametrize("role", ROLES)
def test_confidential_paper_by_role(role, client, agenda_world, login):
    w = agenda_world
    if role != "anonymous":
        login(w.users[role])
    download = client.get(f"/versions/{w.secret_version.id}/download")
    download.close()
    page = client.get(f"/papers/{w.secret_version.paper_id}")
    meeting = client.get(f"/meetings/{w.meeting.id}").get_data(as_text=True)
    if role in ALLOWED:
        assert download.status_code == 200 and page.status_code == 200
        assert "Tender scores" in meeting
    else:
        expected = 401 if role == "anonymous" else 403
        assert download.status_code == expected and page.status_code == expected
        assert "Tender scores" not in meeting


@pytest.mark.parametrize("role", ["observer", "anonymous"])
def test_confidential_paper_is_left_out_of_the_pack(role, client, agenda_world, login):
    import io
    import zipfile

    w = agenda_world
    w.board.is_public = True  # so that a visitor may fetch the pack at all
    db.session.flush()
    if role != "anonymous":
        login(w.users[role])
    response = client.get(f"/meetings/{w.meeting.id}/pack.zip")
    assert response.status_code == 200
    names = zipfile.ZipFile(io.BytesIO(response.get_data())).namelist()
    response.close()
    assert any("budget" in n.lower() for n in names)
    assert not any("scores" in n.lower() or "tender" in n.lower() for n in names)
