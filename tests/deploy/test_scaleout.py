"""Two app processes behind HAProxy share sessions, CSRF tokens, paper files, sign-in limits
and the decision record: whichever process serves a request, the outcome is the same.

Every change is made over HTTP as the demo secretary would make it; the database is only
read, to find ids and to check what was saved.
"""

from __future__ import annotations

import hashlib
import ssl
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import pytest
import scaleout
import sqlalchemy as sa
from sqlalchemy.orm import Session

from governance.audit.models import AuditEvent
from governance.boards.models import Board
from governance.decisions.models import Decision
from governance.meetings.models import AgendaItem, Meeting, MeetingStatus
from governance.papers.files import storage
from governance.papers.models import PaperVersion
from tests.deploy.client import Client, Response, csrf_token
from tests.deploy.conftest import FIGURES, SECRETARY, sign_in

pytestmark = pytest.mark.deploy

#: Decisions recorded at once through the balancer.
CONCURRENT_DECISIONS = 30


@pytest.fixture(scope="module")
def database(deployed: scaleout.Deployment) -> Iterator[Session]:
    """A read-only look at the deployment's database."""
    engine = sa.create_engine(deployed.database_url)
    with Session(engine) as session:
        yield session
    engine.dispose()


def _demo_meeting(database: Session, status: MeetingStatus) -> Meeting:
    """The demo board's most recent meeting with this status."""
    database.expire_all()
    return database.execute(
        sa.select(Meeting)
        .join(Board, Board.id == Meeting.board_id)
        .where(Board.code == "PB", Meeting.status == status)
        .order_by(Meeting.starts_at.desc())
        .limit(1)
    ).scalar_one()


def test_one_session_is_served_by_both_processes(
    deployed: scaleout.Deployment, secretary: Client
) -> None:
    served: Counter[str] = Counter()
    for _ in range(24):
        page = secretary.get(f"{deployed.url}/account")
        assert page.status == 200, f"{page.served_by} answered {page.status}"
        assert SECRETARY in page.text
        served[page.served_by or "?"] += 1
    FIGURES["session_requests_by_process"] = dict(served)
    assert set(served) == set(scaleout.BACKENDS)
    assert min(served.values()) >= 10  # round robin: about half each


def test_the_balancer_speaks_https_with_production_cookies(
    deployed: scaleout.Deployment, tls: ssl.SSLContext
) -> None:
    page = Client(tls).get(f"{deployed.url}/login")
    cookie = page.headers.get("Set-Cookie") or ""
    assert cookie.startswith("__Host-session=")
    assert "Secure" in cookie and "HttpOnly" in cookie
    assert page.headers.get("Strict-Transport-Security")


def test_csrf_token_from_one_process_is_accepted_by_the_other_and_upload_downloads_from_either(
    deployed: scaleout.Deployment, secretary: Client, database: Session
) -> None:
    app1, app2 = (deployed.backends[name] for name in scaleout.BACKENDS)
    meeting = _demo_meeting(database, MeetingStatus.NOTICE_ISSUED)
    item = database.execute(
        sa.select(AgendaItem).where(AgendaItem.meeting_id == meeting.id).limit(1)
    ).scalar_one()
    stamp = datetime.now(UTC).isoformat().encode()
    content = b"%PDF-1.4\n% scale-out check " + stamp + b"\n%%EOF\n"
    digest = hashlib.sha256(content).hexdigest()

    form = secretary.get(f"{app1}/items/{item.id}/papers/new")
    assert form.status == 200
    token = csrf_token(form.text)
    fields = {"csrf_token": token, "title": "Scale-out check paper", "summary": "A check."}
    forged = secretary.post_file(
        f"{app2}/items/{item.id}/papers/new",
        {**fields, "csrf_token": "not-a-token"},
        "file",
        "scale-out.pdf",
        content,
        "application/pdf",
    )
    assert forged.status == 400  # the check is on: a wrong token is refused
    uploaded = secretary.post_file(
        f"{app2}/items/{item.id}/papers/new",
        fields,
        "file",
        "scale-out.pdf",
        content,
        "application/pdf",
    )
    assert uploaded.status == 302, uploaded.text[:2000]

    version_id = database.execute(
        sa.select(PaperVersion.id).where(PaperVersion.sha256 == digest)
    ).scalar_one()
    for base in (app1, deployed.url):
        download = secretary.get(f"{base}/versions/{version_id}/download")
        assert download.status == 200
        assert hashlib.sha256(download.body).hexdigest() == digest
    assert storage.path_for(deployed.storage, digest).is_file()  # one shared store


def _fail_until_paused(client: Client, base: str, email: str) -> list[Response]:
    """Wrong passwords for `email`, posted to `base` up to the first refusal (429).

    The form is fetched once: its CSRF token stays good for the session, so each POST is a
    request of its own, which the balancer hands to the next process in turn.
    """
    token = csrf_token(client.get(f"{base}/login").text)
    fields = {"csrf_token": token, "email": email, "password": "wrong-password-123"}
    responses: list[Response] = []
    for _ in range(20):
        response = client.post(f"{base}/login", fields)
        responses.append(response)
        if response.status == 429:
            break
        assert response.status == 400
    return responses


def test_failed_sign_ins_are_counted_once_across_both_processes(
    deployed: scaleout.Deployment, tls: ssl.SSLContext
) -> None:
    app1, app2 = (deployed.backends[name] for name in scaleout.BACKENDS)
    alone = _fail_until_paused(Client(tls), app1, "nobody-one@demo.test")
    both = _fail_until_paused(Client(tls), deployed.url, "nobody-two@demo.test")
    limit = int(scaleout.ACCOUNT_LIMIT.split()[0])
    FIGURES["failed_sign_ins_until_pause_one_process"] = len(alone)
    FIGURES["failed_sign_ins_until_pause_via_balancer"] = len(both)
    assert len(alone) == len(both) == limit
    assert both[-1].status == 429
    served = [r.served_by for r in both]
    FIGURES["failed_sign_ins_via_balancer_served_by"] = served
    assert set(served) == set(scaleout.BACKENDS)
    # The pause started through the balancer holds on each process directly.
    for base in (app1, app2):
        assert sign_in(Client(tls), base, "nobody-two@demo.test", "x" * 12).status == 429


def _decision_fields(token: str, n: int, run: str) -> dict[str, str]:
    return {
        "csrf_token": token,
        "resolution": f"Scale-out check {run}: decision {n} of {CONCURRENT_DECISIONS}.",
        "rationale": "Recorded at the same moment through both app processes, to show that "
        "no decision is lost or numbered twice.",
        "alternatives": "Recording them one at a time, which would prove nothing about races.",
        "method": "consensus",
        "taken_time": "10:30",
    }


def test_concurrent_decisions_through_both_processes_are_all_saved_and_numbered_without_gaps(
    deployed: scaleout.Deployment, secretary: Client, database: Session
) -> None:
    meeting = _demo_meeting(database, MeetingStatus.HELD)
    assert meeting.starts_at < datetime.now(UTC)  # started: decisions may be recorded
    item = database.execute(
        sa.select(AgendaItem)
        .where(AgendaItem.meeting_id == meeting.id, AgendaItem.confidential.is_(False))
        .order_by(AgendaItem.position)
        .limit(1)
    ).scalar_one()
    url = f"{deployed.url}/items/{item.id}/decisions/new"
    form = secretary.get(url)
    assert form.status == 200, form.text[:2000]
    token = csrf_token(form.text)
    run = datetime.now(UTC).strftime("%H%M%S%f")
    before = database.execute(sa.select(sa.func.max(AuditEvent.seq))).scalar_one()

    def record(n: int) -> Response:
        return secretary.post(url, _decision_fields(token, n, run))

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=CONCURRENT_DECISIONS) as pool:
        results = list(pool.map(record, range(1, CONCURRENT_DECISIONS + 1)))
    FIGURES["concurrent_decisions_seconds"] = time.monotonic() - started
    FIGURES["concurrent_decisions_by_process"] = dict(Counter(r.served_by for r in results))

    # Every one accepted first time: recording takes the audit chain's lock before it numbers
    # the decision, so concurrent requests queue rather than collide ("please submit again").
    failed = [(r.status, r.served_by, r.text[:500]) for r in results if r.status != 302]
    assert not failed
    assert {r.served_by for r in results} == set(scaleout.BACKENDS)

    database.expire_all()
    saved = (
        database.execute(
            sa.select(Decision).where(Decision.resolution.like(f"Scale-out check {run}:%"))
        )
        .scalars()
        .all()
    )
    resolutions = Counter(d.resolution for d in saved)
    assert len(saved) == CONCURRENT_DECISIONS
    assert set(resolutions.values()) == {1}  # each exactly once
    rows = database.execute(
        sa.select(Decision.board_id, Decision.year, Decision.sequence, Decision.number)
    ).all()
    by_year: dict[tuple[int, int], list[int]] = {}
    for board_id, year, sequence, _number in rows:
        by_year.setdefault((board_id, year), []).append(sequence)
    for key, sequences in by_year.items():
        assert sorted(sequences) == list(range(1, len(sequences) + 1)), key
    assert len({number for *_, number in rows}) == len(rows)
    # One "decision.record" event each, naming its own decision.
    events = database.execute(
        sa.select(AuditEvent.target_id).where(
            AuditEvent.action == "decision.record", AuditEvent.seq > before
        )
    ).scalars()
    assert Counter(events) == Counter(d.id for d in saved)
    FIGURES["decisions_in_database"] = len(rows)


def test_audit_chain_is_unbroken_after_the_concurrent_writes(
    deployed: scaleout.Deployment,
) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "flask", "audit", "verify"],
        cwd=scaleout.ROOT,
        env=deployed.cli_env,
        capture_output=True,
        text=True,
    )
    FIGURES["audit_verify"] = done.stdout.strip() or done.stderr.strip()
    assert done.returncode == 0, done.stderr
    assert "no broken links" in done.stdout
