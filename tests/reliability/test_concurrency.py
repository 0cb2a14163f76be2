"""Many decisions and uploads at once, through two server processes on one database."""

from __future__ import annotations

import hashlib
import threading
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import requests

from tests.conftest import PASSWORD
from tests.reliability.harness import Browser, Server, fresh_site, serving
from tests.reliability.world import SECRETARY, build, decision_form, paper_file, read_back

DECISIONS_PER_BOARD = 20
UPLOADS = 20
UPLOAD_BYTES = 96 * 1024


def test_decisions_and_uploads_sent_at_once_to_two_servers_are_each_saved_once_in_order(
    tmp_path,
):
    """ASVS 4.0.3 V11.1.6 (concurrency), V7.3.3 (log integrity): under load from two processes
    every decision and upload is saved exactly once, decision numbers stay unique and gap-free
    per board and year, so do the version numbers of one paper revised by ten uploads at once,
    every stored file matches its hash, and the audit chain does not fork."""
    with fresh_site(tmp_path) as site:
        boards = build(site)
        with serving(site, "one", "two") as servers:
            cookies = Browser().sign_in(servers[0], SECRETARY, PASSWORD)
            jobs: list[tuple[Server, str, dict[str, Any], dict[str, Any]]] = []
            for n in range(DECISIONS_PER_BOARD * len(boards)):
                board = boards[n % len(boards)]
                form = decision_form(f"Resolution {n} of board {board.code}.")
                path = f"/items/{board.decision_item_id}/decisions/new"
                jobs.append((servers[n % 2], path, form, {}))
            # Half the uploads are new papers, half new versions of one paper at once.
            files = {n: paper_file(n, UPLOAD_BYTES) for n in range(1, UPLOADS + 1)}
            for n, content in files.items():
                upload = {"file": (f"paper-{n}.pdf", content, "application/pdf")}
                if n % 2:
                    path = f"/items/{boards[0].paper_item_id}/papers/new"
                    form = {"title": f"Paper {n}", "author_organisation_id": "", "summary": ""}
                else:
                    path = f"/papers/{boards[1].paper_id}/versions/new"
                    form = {"summary": f"Revision {n}."}
                jobs.append((servers[n % 2], path, form, upload))
            start = threading.Barrier(len(jobs))

            def send(job: tuple[Server, str, dict[str, Any], dict[str, Any]]) -> int:
                server, path, form, upload = job
                with requests.Session() as http:
                    http.cookies.update(cookies.http.cookies)
                    start.wait()
                    response = http.post(
                        server.base + path,
                        data={"csrf_token": cookies.token, **form},
                        files=upload or None,
                        allow_redirects=False,
                        timeout=120,
                    )
                return response.status_code

            with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
                statuses = Counter(pool.map(send, jobs))
            errors = "".join(server.errors() for server in servers)
        assert statuses == Counter({302: len(jobs)}), (statuses, errors[-4000:])
        stored = read_back(site)

    assert stored.integrity == "ok"
    assert stored.chain_break is None, stored.chain_break
    resolutions = Counter(d[4] for d in stored.decisions)
    assert resolutions == Counter(
        {form["resolution"]: 1 for _s, p, form, _u in jobs if "decisions" in p}
    )
    for board in boards:
        mine = [d for d in stored.decisions if d[0] == board.board_id]
        (year,) = {d[1] for d in mine}
        assert sorted(d[2] for d in mine) == list(range(1, DECISIONS_PER_BOARD + 1))
        assert sorted(d[3] for d in mine) == [
            f"{board.code}/{year}/{n:03d}" for n in range(1, DECISIONS_PER_BOARD + 1)
        ]
    assert stored.actions["decision.record"] == len(stored.decisions)
    assert len(set(stored.decision_event_targets)) == len(stored.decisions)
    # Each board's setting has one paper with one version besides.
    assert stored.actions["paper.create"] == len(boards) + UPLOADS // 2
    assert stored.actions["paper.version_upload"] == len(boards) + UPLOADS
    new = stored.versions[len(boards) :]
    assert sorted(sha for _p, _n, sha, _ok in new) == sorted(
        hashlib.sha256(content).hexdigest() for content in files.values()
    )
    assert all(ok for *_rest, ok in stored.versions)
    revised = sorted(n for paper, n, _sha, _ok in stored.versions if paper == boards[1].paper_id)
    assert revised == list(range(1, UPLOADS // 2 + 2))
    assert stored.partial_files == []
