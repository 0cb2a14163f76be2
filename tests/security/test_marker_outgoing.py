"""Everything that leaves the app names a confidential or private thing only to those who may
open the thing itself.

Every kind of mail, calendar output, export and pack is made, for each role, in the marker world
(tests/security/markers.py); the text that reached the role (a mail's subject, body and
invitation, a file's bytes, every member of a ZIP) is read for the marker words. A marker in it
is a leak unless the thing that carries it passes its own page's permission predicate for that
role. Where an output lists a kind of thing (a notice its agenda, a pack its papers), the marker
must also reach every role that receives the output and may see the thing, so the filtering
cannot pass by dropping everything.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import current_app
from flask_login import AnonymousUserMixin

from governance.attendance import operations as attendance
from governance.calendar import tokens as calendar_tokens
from governance.extensions import db
from governance.mail.models import OutboxMessage
from governance.meetings import operations as meeting_ops
from governance.meetings.models import AgendaItem, Meeting, Purpose
from governance.meetings.permissions import can_view_item, person_sees_item
from governance.minutes import operations as minutes_ops
from governance.papers import circulation, consent
from governance.papers.files import storage
from governance.papers.models import ConsentVia
from governance.papers.operations import upload_paper, withdraw_version
from governance.papers.permissions import can_open_version
from governance.privacy.export import WITHHELD
from tests.conftest import PDF
from tests.security.markers import (
    DECISION,
    ITEM,
    PAPER,
    SUBDECISION,
    SUBITEM,
    MarkerWorld,
    found_in,
)

SIGNED_IN = ("admin", "auditor", "secretary", "chair", "member", "parent", "observer", "outsider")
ROLES = ("anonymous", *SIGNED_IN)
#: Who is mailed about the board's meetings: its members on the day and its officers.
MEMBERS_AND_OFFICERS = frozenset({"secretary", "chair", "member", "parent", "observer"})
#: Who may see the (private) board, and so its meetings, calendars and meeting pack.
BOARD_VIEWERS = MEMBERS_AND_OFFICERS | {"admin", "auditor"}
AUDIT_READERS = frozenset({"admin", "auditor"})


@dataclass
class Made:
    """What one output gave each role, and who may see each marker in it."""

    #: The text that reached each role; a role missing here got nothing.
    texts: dict[str, str]
    #: Extra things carrying a marker that this output made (a mailed meeting's own
    #: confidential item and paper), judged by their own predicates as well.
    extra: dict[str, list[Callable[[Any], bool]]] = field(default_factory=dict)


@dataclass(frozen=True)
class Output:
    """One kind of thing that leaves the app."""

    name: str
    make: Callable[[MarkerWorld, Any, Any], Made]
    #: The roles it reaches (a mail's recipients, those a download is served to).
    audience: frozenset[str]
    #: The markers it lists to those who may see them.
    lists: frozenset[str] = frozenset()


# Reading what was sent ----------------------------------------------------------------------


def _mail_texts(w: Any, kind: str, *, ics_only: bool = False) -> dict[str, str]:
    """Per role, every mail of `kind` to that role's address, subject, body and invitation."""
    rows = db.session.execute(
        sa.select(OutboxMessage).where(OutboxMessage.kind == kind).order_by(OutboxMessage.id)
    ).scalars()
    by_address: dict[str, list[str]] = {}
    for m in rows:
        parts = [m.ics or ""] if ics_only else [m.subject, m.body, m.ics or ""]
        by_address.setdefault(m.to_address, []).extend(parts)
    return {
        role: "\n".join(by_address[user.email])
        for role, user in w.users.items()
        if user.email in by_address
    }


def _unzipped(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return "\n".join(
            archive.read(name).decode("utf-8", errors="replace") for name in archive.namelist()
        )


def _download(client: Any, login: Any, w: Any, role: str, url: str) -> str | None:
    """The body `role` is served at `url`, or None when it is refused."""
    if role != "anonymous":
        login(w.users[role])
    response = client.get(url)
    if response.status_code != 200:
        return None
    data = response.get_data()
    return _unzipped(data) if response.mimetype == "application/zip" else data.decode("utf-8")


# Meetings that are mailed about --------------------------------------------------------------


def _stored() -> Any:
    return storage.store(io.BytesIO(PDF), Path(current_app.config["STORAGE_PATH"]), 1_000_000)


def _mailed_meeting(mw: MarkerWorld, days_ahead: int, *, notice: bool = True) -> Meeting:
    """A meeting of the board with an open item and a confidential one bearing the marker."""
    w = mw.world
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days_ahead)
    meeting = meeting_ops.schedule_meeting(
        None,
        w.board,
        {
            "title": "Board meeting",
            "starts_at": starts,
            "ends_at": starts + timedelta(hours=2),
            "location": "Children's Centre",
            "online_url": "",
        },
    )
    for title, confidential in (("Budget", False), (f"Commissioning {ITEM}", True)):
        meeting_ops.save_item(
            None,
            meeting,
            None,
            {"title": title, "purpose": Purpose.DECISION, "confidential": confidential},
        )
    if notice:
        meeting_ops.issue_notice(None, meeting)
    db.session.flush()
    return meeting


def _secret_item(meeting: Meeting) -> AgendaItem:
    return next(i for i in meeting.items if i.confidential)


def _item_rule(item: AgendaItem) -> dict[str, list[Callable[[Any], bool]]]:
    return {ITEM: [lambda u: can_view_item(u, item)]}


def _papers(meeting: Meeting) -> tuple[Any, Any]:
    """An open paper and a confidential one bearing the marker, uploaded, not circulated."""
    open_item = next(i for i in meeting.items if not i.confidential)
    plain = upload_paper(None, open_item, "Budget report", None, _stored(), "b.pdf", "Agree it.")
    secret = upload_paper(
        None,
        _secret_item(meeting),
        f"Tender scores {PAPER}",
        None,
        _stored(),
        "scores.pdf",
        f"Choose the provider {PAPER}.",
    )
    return plain, secret


def _paper_rules(meeting: Meeting, secret: Any) -> dict[str, list[Callable[[Any], bool]]]:
    return {**_item_rule(_secret_item(meeting)), PAPER: [lambda u: can_open_version(u, secret)]}


def notice(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    return Made(_mail_texts(mw.world, "meeting.notice"), _item_rule(_secret_item(meeting)))


def invitation(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    texts = _mail_texts(mw.world, "meeting.notice", ics_only=True)
    assert all("BEGIN:VCALENDAR" in t for t in texts.values())
    return Made(texts, _item_rule(_secret_item(meeting)))


def moved(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    later = meeting.starts_at + timedelta(days=1)
    meeting_ops.update_meeting(
        None,
        meeting,
        {
            "title": meeting.title,
            "starts_at": later,
            "ends_at": later + timedelta(hours=2),
            "location": meeting.location,
            "online_url": meeting.online_url,
        },
    )
    return Made(_mail_texts(mw.world, "meeting.moved"), _item_rule(_secret_item(meeting)))


def cancelled(mw: MarkerWorld, *_: Any) -> Made:
    _mailed_meeting(mw, 40)
    second = _mailed_meeting(mw, 50)
    meeting_ops.cancel_meeting(None, second, "The venue is closed for repairs.")
    return Made(_mail_texts(mw.world, "meeting.cancelled"), _item_rule(_secret_item(second)))


def papers_on_time(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    plain, secret = _papers(meeting)
    circulation.circulate(None, meeting, [plain, secret], include_agenda=True)
    return Made(_mail_texts(mw.world, "papers.circulated"), _paper_rules(meeting, secret))


def confidential_paper_alone(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    _, secret = _papers(meeting)
    circulation.circulate(None, meeting, [secret], include_agenda=False)
    return Made(_mail_texts(mw.world, "papers.circulated"), _paper_rules(meeting, secret))


def papers_late(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 2)
    plain, secret = _papers(meeting)
    chair = mw.users["chair"].person
    consent.record_chairs_word(
        None,
        meeting,
        [plain, secret],
        include_agenda=False,
        reason="The figures arrived from the bidders only yesterday.",
        chair=chair,
    )
    return Made(_mail_texts(mw.world, "papers.late"), _paper_rules(meeting, secret))


def _consent_rules(meeting: Meeting, secret: Any) -> dict[str, list[Callable[[Any], bool]]]:
    """Before circulation, the chair asked to consent is told the titles of the papers in
    question, as far as the one rule for confidential business lets them see them."""
    return {
        **_item_rule(_secret_item(meeting)),
        PAPER: [lambda u: person_sees_item(u.person, secret.paper.item)],
    }


def consent_asked(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 2)
    plain, secret = _papers(meeting)
    consent.request_consent(
        mw.users["secretary"],
        meeting,
        [plain, secret],
        include_agenda=False,
        reason="The figures arrived from the bidders only yesterday.",
    )
    return Made(_mail_texts(mw.world, "papers.consent_asked"), _consent_rules(meeting, secret))


def consent_refused(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 2)
    plain, secret = _papers(meeting)
    asked = consent.request_consent(
        mw.users["secretary"],
        meeting,
        [plain, secret],
        include_agenda=False,
        reason="The figures arrived from the bidders only yesterday.",
    )
    chair = mw.users["chair"]
    consent.refuse(asked, chair.person, ConsentVia.APP, chair, note="Table them instead.")
    return Made(_mail_texts(mw.world, "papers.consent_answered"), _paper_rules(meeting, secret))


def minutes_circulated(mw: MarkerWorld, *_: Any) -> Made:
    minutes = minutes_ops.minutes_for(mw.world.meeting)
    minutes_ops.save_notes(None, minutes, {mw.world.confidential_item.id: f"Scores {ITEM}."})
    minutes_ops.circulate_minutes(None, minutes)
    return Made(_mail_texts(mw.world, "minutes.circulated"))


def apologies(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    attendance.send_apologies(
        mw.users["parent"], meeting, f"Away for the {ITEM} site visit, sorry."
    )
    # The parent may see the item, so a note naming it may go to the secretary as written.
    return Made(_mail_texts(mw.world, "attendance.apologies"), _item_rule(_secret_item(meeting)))


def paper_withdrawn(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    plain, secret = _papers(meeting)
    circulation.circulate(None, meeting, [plain, secret], include_agenda=True)
    withdraw_version(None, secret, "The scores were miscounted.")
    item = secret.paper.item
    # Withdrawn, the file is no longer opened by members, but its title stays on the paper's
    # page for those who may see the item: the mail may name it to the same people.
    return Made(
        _mail_texts(mw.world, "papers.withdrawn"),
        {**_item_rule(item), PAPER: [lambda u: can_view_item(u, item)]},
    )


def item_withdrawn(mw: MarkerWorld, *_: Any) -> Made:
    meeting = _mailed_meeting(mw, 40)
    item = _secret_item(meeting)
    meeting_ops.withdraw_item(None, item, "The tender is postponed.")
    return Made(_mail_texts(mw.world, "agenda.item_withdrawn"), _item_rule(item))


MAILS = [
    Output("notice of meeting", notice, MEMBERS_AND_OFFICERS, frozenset({ITEM})),
    Output("calendar invitation with the notice", invitation, MEMBERS_AND_OFFICERS),
    Output("meeting moved", moved, MEMBERS_AND_OFFICERS),
    Output("meeting cancelled", cancelled, MEMBERS_AND_OFFICERS),
    Output("papers circulated", papers_on_time, MEMBERS_AND_OFFICERS, frozenset({PAPER})),
    Output(
        "a confidential paper circulated alone",
        confidential_paper_alone,
        MEMBERS_AND_OFFICERS - {"observer"},
        frozenset({PAPER}),
    ),
    Output("late papers", papers_late, MEMBERS_AND_OFFICERS, frozenset({PAPER})),
    Output("the chair asked to consent", consent_asked, frozenset({"chair"}), frozenset({PAPER})),
    Output(
        "the secretary told of the chair's answer",
        consent_refused,
        frozenset({"secretary"}),
        frozenset({PAPER}),
    ),
    Output("draft minutes circulated", minutes_circulated, MEMBERS_AND_OFFICERS),
    Output("apologies to the secretary", apologies, frozenset({"secretary"}), frozenset({ITEM})),
    Output(
        "a confidential paper withdrawn",
        paper_withdrawn,
        MEMBERS_AND_OFFICERS - {"observer"},
        frozenset({PAPER}),
    ),
    Output(
        "a confidential item withdrawn",
        item_withdrawn,
        MEMBERS_AND_OFFICERS - {"observer"},
        frozenset({ITEM}),
    ),
]


# Downloads -----------------------------------------------------------------------------------


def _feed_token(mw: MarkerWorld, role: str) -> str:
    return calendar_tokens.issue_calendar_token(mw.users[role])


def _board_pack_url(mw: MarkerWorld) -> str:
    day = mw.decision.taken_at.date()
    return (
        f"/decisions/evidence.zip?board_id={mw.world.board.id}"
        f"&taken_from={day - timedelta(days=1)}&taken_to={day + timedelta(days=1)}"
    )


#: Downloads: name, URL (from the marker world and the role), audience, markers listed,
#: whether a visitor could ask for it.
DOWNLOADS: list[tuple[str, Callable[[MarkerWorld, str], str], frozenset[str], frozenset[str], bool]]
DOWNLOADS = [
    (
        "meeting calendar file",
        lambda mw, role: f"/meetings/{mw.world.meeting.id}/calendar.ics",
        BOARD_VIEWERS,
        frozenset(),
        False,
    ),
    (
        "board calendar feed",
        lambda mw, role: f"/boards/{mw.world.board.id}/calendar.ics",
        BOARD_VIEWERS,
        frozenset(),
        False,
    ),
    (
        "personal calendar feed",
        lambda mw, role: f"/calendar/{_feed_token(mw, role)}.ics",
        frozenset(SIGNED_IN),
        frozenset(),
        True,
    ),
    (
        "decision register CSV",
        lambda mw, role: "/decisions.csv",
        frozenset(SIGNED_IN),
        frozenset({ITEM, DECISION, SUBITEM, SUBDECISION}),
        False,
    ),
    (
        "decision register JSON",
        lambda mw, role: "/decisions.json",
        frozenset(SIGNED_IN),
        frozenset({ITEM, DECISION, SUBITEM, SUBDECISION}),
        False,
    ),
    (
        "evidence pack of a decision",
        lambda mw, role: f"/decisions/{mw.decision.id}/evidence.zip",
        AUDIT_READERS,
        frozenset({ITEM, DECISION, PAPER}),
        False,
    ),
    (
        "evidence pack of a board's period",
        lambda mw, role: _board_pack_url(mw),
        AUDIT_READERS,
        frozenset({ITEM, DECISION, PAPER}),
        False,
    ),
    (
        "meeting papers pack",
        lambda mw, role: f"/meetings/{mw.world.meeting.id}/pack.zip",
        BOARD_VIEWERS,
        frozenset({ITEM, PAPER}),
        False,
    ),
    (
        "subject access export of the role's own data",
        lambda mw, role: f"/people/{mw.users[role].person_id}/data-export.zip",
        frozenset(SIGNED_IN),
        frozenset(),
        True,
    ),
]


def _user(mw: MarkerWorld, role: str) -> Any:
    return AnonymousUserMixin() if role == "anonymous" else mw.users[role]


def _check(
    mw: MarkerWorld,
    role: str,
    text: str | None,
    audience: frozenset[str],
    lists: frozenset[str],
    extra: dict[str, list[Callable[[Any], bool]]],
) -> None:
    """No marker the role may not see; every listed one it may see; delivery as expected."""
    user = _user(mw, role)

    def may(marker: str) -> bool:
        return mw.may_see(marker, user) and all(rule(user) for rule in extra.get(marker, []))

    assert (text is not None) is (role in audience), f"delivered to {role}: {text is not None}"
    found = found_in(text or "")
    leaked = {m for m in found if not may(m)}
    assert not leaked, f"{role} was sent {sorted(leaked)}, which they may not see"
    missing = {m for m in lists if may(m)} - found if text is not None else set()
    assert not missing, f"{role} may see {sorted(missing)} but was not sent it"


@pytest.mark.parametrize("role", SIGNED_IN)
@pytest.mark.parametrize("output", MAILS, ids=lambda o: o.name)
def test_mail_names_confidential_business_only_to_those_who_may_see_it(
    output: Output, role: str, marker_world: MarkerWorld
) -> None:
    made = output.make(marker_world, None, None)
    _check(marker_world, role, made.texts.get(role), output.audience, output.lists, made.extra)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize(
    ("name", "url", "audience", "lists", "signed_in_only"),
    DOWNLOADS,
    ids=[d[0] for d in DOWNLOADS],
)
def test_downloads_carry_confidential_business_only_to_those_who_may_see_it(
    name: str,
    url: Callable[[MarkerWorld, str], str],
    audience: frozenset[str],
    lists: frozenset[str],
    signed_in_only: bool,
    role: str,
    marker_world: MarkerWorld,
    client: Any,
    login: Any,
) -> None:
    if signed_in_only and role == "anonymous":
        pytest.skip("made only for a signed-in person")
    mw = marker_world
    address = url(mw, role)
    if name.startswith("subject access"):
        # Administrators answer the request; what matters is what the person is handed.
        text = _download(client, login, mw.world, "admin", address)
    elif name.startswith("personal"):
        text = _download(client, login, mw.world, "anonymous", address)
    else:
        text = _download(client, login, mw.world, role, address)
    _check(mw, role, text, audience, lists, {})


def test_subject_access_export_keeps_an_owned_confidential_action_but_withholds_its_title(
    marker_world: MarkerWorld, client: Any, login: Any
) -> None:
    """The observer owns the action on the confidential item: it stays in their data (it is
    theirs), its title is withheld and the README says so."""
    observer = marker_world.users["observer"]
    login(marker_world.users["admin"])
    response = client.get(f"/people/{observer.person_id}/data-export.zip")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as archive:
        data = json.loads(archive.read("data.json"))
        readme = archive.read("README.txt").decode()
    [action] = data["actions_owned"]
    assert action["id"] == marker_world.action.id
    assert action["title"] == WITHHELD
    assert "1 action they own arises from confidential business" in readme
