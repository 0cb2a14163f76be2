"""The measuring pass of scripts/bench.py: statements, plans, profiles, audit and CSV figures.

Runs the app in-process through the test client, so every SQL statement a page runs can be
counted (and, on SQLite, its plan checked) without a server in the way.
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import sqlite3
import threading
import time
from contextlib import nullcontext
from pathlib import Path
from typing import Any


def sample_rss(stop: threading.Event, peak: list[int]) -> None:
    page = os.sysconf("SC_PAGE_SIZE")
    while not stop.is_set():
        with open("/proc/self/statm") as f:
            peak[0] = max(peak[0], int(f.read().split()[1]) * page)
        time.sleep(0.02)


def rss() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


class Measure:
    """The in-process pass: the test client, a statement counter, the audit and CSV figures."""

    def __init__(self, url: str, storage: str, profile_dir: Path | None) -> None:
        import sqlalchemy as sa

        from governance import create_app
        from governance.extensions import db

        self.sa, self.db = sa, db
        self.app = create_app(
            "development",
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "STORAGE_PATH": storage,
                "WTF_CSRF_ENABLED": False,
                "LOGIN_LIMIT_ADDRESS": "1000 per minute",
            },
        )
        self.profile_dir = profile_dir
        self.statements: list[tuple[str, Any]] = []
        self.url = url
        with self.app.app_context():
            sa.event.listen(db.engine, "before_cursor_execute", self._count)

    def _count(self, conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        self.statements.append((statement, parameters))

    def scans(self) -> list[str]:
        """SQLite plan steps of the last page's statements that read a whole table or sort."""
        if not self.url.startswith("sqlite"):
            return []
        found = []
        raw = sqlite3.connect(self.url.removeprefix("sqlite:///"))
        for statement, parameters in self.statements:
            if not statement.lstrip().upper().startswith("SELECT"):
                continue
            for row in raw.execute("EXPLAIN QUERY PLAN " + statement, parameters or ()):
                detail = row[-1]
                # "SCAN t USING INDEX i" still reads all of t, only in index order.
                whole = detail.startswith("SCAN") and "COVERING" not in detail
                whole = whole and not detail.startswith("SCAN CONSTANT")
                if whole or detail.startswith("USE TEMP B-TREE"):
                    found.append(f"{detail} :: {' '.join(statement.split())[:300]}")
        raw.close()
        return found

    def fixtures(self) -> dict[str, Any]:
        """The bench meeting, a decision on it, and another meeting and decision to compare."""
        sa = self.sa
        from governance.decisions.models import Decision
        from governance.meetings.models import AgendaItem, Meeting

        with self.app.app_context():
            s = self.db.session
            counts = (
                sa.select(AgendaItem.meeting_id, sa.func.count().label("n"))
                .join(Meeting)
                .where(Meeting.board_id == 1)
                .group_by(AgendaItem.meeting_id)
                .subquery()
            )
            bench = s.execute(sa.select(counts.c.meeting_id).where(counts.c.n == 20)).scalar()
            other = s.execute(
                sa.select(counts.c.meeting_id).where(counts.c.n < 12).order_by(counts.c.n)
            ).scalar()
            decision = s.execute(
                sa.select(Decision.id)
                .join(AgendaItem)
                .where(AgendaItem.meeting_id == bench)
                .order_by(Decision.id)
            ).scalar()
            other_decision = s.execute(sa.select(sa.func.min(Decision.id))).scalar()
        return {
            "bench_meeting": bench,
            "other_meeting": other,
            "decision": decision,
            "other_decision": other_decision,
        }

    def client(self, role: str | None) -> Any:
        from governance.bench.people import BENCH_PASSWORD

        client = self.app.test_client()
        if role:
            r = client.post(
                "/login", data={"email": f"{role}@bench.test", "password": BENCH_PASSWORD}
            )
            assert r.status_code == 302, r.status_code
        return client

    def page(self, client: Any, path: str, headers: dict[str, str], name: str) -> dict[str, Any]:
        """One render (the page cache set aside), then, if the app keeps pages, one request
        answered from the cache."""
        cache = self.app.extensions.pop("page_cache", None)
        try:
            client.get(path, headers=headers)  # warm caches, as a served worker would be
            self.statements.clear()
            profiler = cProfile.Profile() if self.profile_dir else None
            started = time.perf_counter()
            with profiler or nullcontext():
                response = client.get(path, headers=headers)
                body = response.get_data()
            elapsed = time.perf_counter() - started
            statements, scans = len(self.statements), self.scans()
        finally:
            if cache is not None:
                self.app.extensions["page_cache"] = cache
        if profiler and self.profile_dir:
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
            (self.profile_dir / f"{name}.txt").write_text(out.getvalue())
        result = {
            "status": response.status_code,
            "statements": statements,
            "table_scans": scans,
            "single_ms": round(elapsed * 1000, 1),
            "bytes": len(body),
            "etag": response.headers.get("ETag"),
        }
        if cache is not None:
            client.get(path, headers=headers)  # rendered and kept
            hits = cache.hits
            self.statements.clear()
            started = time.perf_counter()
            kept = client.get(path, headers=headers)
            kept.get_data()
            result.update(
                kept_statements=len(self.statements),
                kept_ms=round((time.perf_counter() - started) * 1000, 1),
                kept_hit=cache.hits > hits,
                kept_same=kept.get_data() == body,
            )
        return result

    def verify_rate(self) -> dict[str, Any]:
        from governance.audit import verify
        from governance.audit.queries import verify_stored_chain

        with self.app.app_context():
            started = time.perf_counter()
            count, broken = verify_stored_chain(workers=verify.worker_count())
            elapsed = time.perf_counter() - started
        return {
            "events": count,
            "seconds": round(elapsed, 2),
            "events_per_s": round(count / elapsed),
            "verified": broken is None,
        }

    def csv_export(self) -> dict[str, Any]:
        client = self.client("auditor")
        stop, peak = threading.Event(), [0]
        base = rss()
        sampler = threading.Thread(target=sample_rss, args=(stop, peak), daemon=True)
        sampler.start()
        started = time.perf_counter()
        response = client.get("/decisions.csv", buffered=False)
        rows = size = 0
        for chunk in response.response:
            size += len(chunk)
            rows += chunk.count(b"\n")
        response.close()
        elapsed = time.perf_counter() - started
        stop.set()
        sampler.join()
        return {
            "status": response.status_code,
            "rows": rows - 1,
            "megabytes": round(size / 1e6, 1),
            "seconds": round(elapsed, 2),
            "rows_per_s": round((rows - 1) / elapsed),
            "rss_growth_mb": round((peak[0] - base) / 1e6, 1),
        }
