"""Servers killed (SIGKILL) in the middle of an upload and of recording a decision."""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests

from governance.decisions import operations as decision_ops
from governance.decisions.operations import DecisionDraft
from governance.extensions import db
from governance.meetings.models import AgendaItem
from tests.conftest import PASSWORD
from tests.reliability.harness import Browser, Server, Site, committed, fresh_site, serving
from tests.reliability.world import (
    ALTERNATIVES,
    RATIONALE,
    SECRETARY,
    build,
    decision_form,
    paper_file,
    read_back,
)

BIG = 20 * 1024 * 1024
SMALL = 64 * 1024


class UploadBody:
    """A paper upload as a multipart body that can stop after `pause_at` bytes until released."""

    def __init__(self, token: str, content: bytes, pause_at: int | None = None) -> None:
        boundary = uuid.uuid4().hex
        fields = {
            "csrf_token": token,
            "title": "Big report",
            "author_organisation_id": "",
            "summary": "Figures.",
        }
        part = '--{}\r\nContent-Disposition: form-data; name="{}"\r\n\r\n{}\r\n'
        head = b"".join(part.format(boundary, k, v).encode() for k, v in fields.items())
        head += (
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
            'filename="big.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
        ).encode()
        self.data = head + content + f"\r\n--{boundary}--\r\n".encode()
        self.content_type = f"multipart/form-data; boundary={boundary}"
        self.pause_at = pause_at
        self.sent = 0
        self.paused = threading.Event()
        self.release = threading.Event()

    def __len__(self) -> int:
        return len(self.data)

    def read(self, size: int = 64 * 1024) -> bytes:
        if self.pause_at is not None and self.sent >= self.pause_at and not self.release.is_set():
            self.paused.set()
            self.release.wait(60)
        chunk = self.data[self.sent : self.sent + size]
        self.sent += len(chunk)
        return chunk

    def __iter__(self) -> Iterator[bytes]:
        while chunk := self.read():
            yield chunk


def post_in_background(server: Server, browser: Browser, path: str, **kwargs: Any) -> list[Any]:
    """Start a post on a thread; the list gets its response or the error that ended it."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(
                browser.http.post(server.base + path, allow_redirects=False, timeout=120, **kwargs)
            )
        except requests.RequestException as error:
            outcome.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return outcome


def wait_for(condition: Any, timeout: float = 60, every: float = 0.001) -> Any:
    """Poll until `condition()` gives something true; fail after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(every)
    raise AssertionError("timed out waiting")


def files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file())


def test_uploads_killed_mid_way_leave_no_partial_file_no_row_and_a_sound_database(tmp_path):
    """ASVS 4.0.3 V12.1.1 (no storage filled by abandoned uploads), V7.3.3 (the audit chain
    survives): a server killed while a 20 MB upload arrives, and one killed while it copies the
    file into the store, leave no partial file once the app starts again, no version row, an
    intact database and a verifying chain; the restarted server stores uploads as before."""
    with fresh_site(tmp_path) as site:
        (board, _other) = build(site)
        path = f"/items/{board.paper_item_id}/papers/new"
        content = paper_file(1, BIG)
        before = files_under(site.storage)  # the setting's own paper

        # Two servers: one to kill as the body arrives, one as it stores the file.
        with serving(site, "receiving", "storing") as servers:
            # 1. Killed while the body is still arriving: half the file has been sent.
            server = servers[0]
            browser = Browser().sign_in(server, SECRETARY, PASSWORD)
            body = UploadBody(browser.token, content, pause_at=BIG // 2)
            outcome = post_in_background(
                server, browser, path, data=body, headers={"Content-Type": body.content_type}
            )
            assert body.paused.wait(60)
            server.kill()
            body.release.set()
            wait_for(lambda: outcome, every=0.05)
            assert isinstance(outcome[0], requests.RequestException)
            assert files_under(site.storage) == before

            # 2. Killed while the whole file is being copied into the store's tmp/.
            server = servers[1]
            body = UploadBody(browser.token, content)
            outcome = post_in_background(
                server, browser, path, data=body, headers={"Content-Type": body.content_type}
            )
            tmp = site.storage / "tmp"
            wait_for(lambda: tmp.is_dir() and any(tmp.iterdir()) or outcome)
            server.kill()
            assert not outcome or isinstance(outcome[0], requests.RequestException), (
                "the upload finished before it could be killed"
            )
        partial = files_under(site.storage / "tmp")
        assert [p.name[:7] for p in partial] == ["upload-"]

        # 3. The app starts again: the partial file is swept, and uploading works.
        with serving(site, "restarted") as [server]:
            assert files_under(site.storage / "tmp") == []
            browser = Browser().sign_in(server, SECRETARY, PASSWORD)
            small = paper_file(2, SMALL)
            response = browser.post(
                server,
                path,
                {"title": "Short note", "author_organisation_id": "", "summary": "Read."},
                files={"file": ("note.pdf", small, "application/pdf")},
            )
            assert response.status_code == 302, server.errors()
        stored = read_back(site)

    assert stored.integrity == "ok"
    assert stored.chain_break is None, stored.chain_break
    # The two papers of the setting, and the one uploaded after the restart: nothing else.
    setting = hashlib.sha256(paper_file(0, 4096)).hexdigest()
    assert [(sha, ok) for _paper, _n, sha, ok in stored.versions] == [
        (setting, True),
        (setting, True),
        (hashlib.sha256(small).hexdigest(), True),
    ]
    assert stored.actions["paper.create"] == stored.actions["paper.version_upload"] == 3
    assert stored.partial_files == []
    assert files_under(site.spool) == []  # nothing left where request bodies were spooled


def _record_in_process(site: Site, item_id: int, resolution: str) -> str:
    with committed(site):
        item = db.session.get(AgendaItem, item_id)
        decision = decision_ops.record_decision(
            None,
            item,
            DecisionDraft(resolution=resolution, rationale=RATIONALE, alternatives=ALTERNATIVES),
        )
        return decision.number


def test_a_decision_killed_before_its_commit_is_wholly_absent_and_its_number_unused(tmp_path):
    """ASVS 4.0.3 V7.3.3 (the audit chain survives), V11.1.6 (no half-done sensitive step):
    a server killed after a decision's rows and audit event are written but before the commit
    leaves neither the decision nor its event, an intact database and chain, and the next
    decision takes the number the killed one would have had."""
    with fresh_site(tmp_path) as site:
        (board, _other) = build(site)
        path = f"/items/{board.decision_item_id}/decisions/new"
        marker = tmp_path / "paused"
        with serving(site, "deciding", PAUSE_DECISIONS_FILE=str(marker)) as [server]:
            browser = Browser().sign_in(server, SECRETARY, PASSWORD)
            first = browser.post(server, path, decision_form("Agree the budget."))
            assert first.status_code == 302, server.errors()
            outcome = post_in_background(
                server,
                browser,
                path,
                data={"csrf_token": browser.token, **decision_form("PAUSE: fund the crèche.")},
            )
            killed_number = wait_for(lambda: marker.is_file() and marker.read_text(), every=0.02)
            server.kill()
            wait_for(lambda: outcome, every=0.05)
            assert isinstance(outcome[0], requests.RequestException)
        stored = read_back(site)
        after = _record_in_process(site, board.decision_item_id, "Agree the crèche hours.")

    assert stored.integrity == "ok"
    assert stored.chain_break is None, stored.chain_break
    year = stored.decisions[0][1]
    assert [(d[2], d[3], d[4]) for d in stored.decisions] == [
        (1, f"{board.code}/{year}/001", "Agree the budget.")
    ]
    assert stored.actions["decision.record"] == 1
    assert stored.decision_event_targets and len(stored.decision_event_targets) == 1
    assert killed_number == f"{board.code}/{year}/002"
    assert after == killed_number
