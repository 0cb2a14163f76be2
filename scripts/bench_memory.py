"""The memory pass of scripts/bench.py: a 100 MB paper upload and a 200 MB evidence pack.

Both are measured in a real server process: gunicorn with one worker (so the process that
handles the request is known), whose VmRSS is sampled from /proc/<pid>/status every 20 ms and
whose VmHWM (the kernel's peak) is reset just before each request by writing 5 to
/proc/<pid>/clear_refs. The client is this process, streaming: the upload body is generated
as it is sent, and the ZIP is read and thrown away as it arrives.

    python scripts/bench.py --db sqlite --scale 0.1 --only memory
"""

from __future__ import annotations

import hashlib
import http.client
import io
import os
import re
import shutil
import tempfile
import threading
import time
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

from scripts.bench import cookie_pairs, free_port, gunicorn

MB = 1_000_000
MIB = 2**20
#: The upload: one file of this size, to a server allowing a little more.
UPLOAD_BYTES = 100 * MIB
UPLOAD_LIMIT = 128 * MIB
#: The evidence pack: this many distinct files of this size, relied on by the board's decisions.
PACK_FILES = 40
PACK_FILE_BYTES = 5 * MIB
PACK_BOARD = 1
CHUNK = 64 * 1024


def pdf_head(label: str) -> bytes:
    """The start of a file the upload rules accept as a PDF."""
    return f"%PDF-1.4\n% bench {label}\n".encode()


def random_pdf(label: str, size: int) -> bytes:
    """A distinct `size`-byte file that sniffs as a PDF (its body is random bytes)."""
    head = pdf_head(label)
    return head + os.urandom(size - len(head))


# --- the server's memory ------------------------------------------------------------------


def status_kb(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB, from /proc/<pid>/status."""
    found = {}
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(("VmRSS:", "VmHWM:")):
                key, value = line.split(":", 1)
                found[key] = int(value.split()[0])
    return found


class Sampler:
    """Samples a process's VmRSS every 20 ms in a thread, and its kernel-kept peak."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.stop = threading.Event()
        self.peak_kb = 0
        self.samples = 0
        self.thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self.stop.is_set():
            self.peak_kb = max(self.peak_kb, status_kb(self.pid)["VmRSS"])
            self.samples += 1
            time.sleep(0.02)

    def __enter__(self) -> Sampler:
        self.base_kb = status_kb(self.pid)["VmRSS"]
        try:  # reset VmHWM to the current RSS, so it shows this request's peak
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop.set()
        self.thread.join()
        self.hwm_kb = status_kb(self.pid)["VmHWM"]

    def figures(self) -> dict[str, Any]:
        peak = max(self.peak_kb, self.hwm_kb if self.hwm_reset else 0)
        return {
            "rss_before_mb": round(self.base_kb * 1024 / MB, 1),
            "rss_peak_sampled_mb": round(self.peak_kb * 1024 / MB, 1),
            "vmhwm_mb": round(self.hwm_kb * 1024 / MB, 1) if self.hwm_reset else None,
            "rss_growth_mb": round((peak - self.base_kb) * 1024 / MB, 1),
            "samples": self.samples,
        }


@contextmanager
def one_worker(env: dict[str, str], port: int) -> Iterator[int]:
    """gunicorn serving wsgi:app with one worker (2 threads); yields the worker's pid."""
    with gunicorn("wsgi:app", env, port, workers=1, threads=2, timeout=600) as proc:
        children = Path(f"/proc/{proc.pid}/task/{proc.pid}/children").read_text().split()
        assert len(children) == 1, children
        yield int(children[0])


# --- the client ---------------------------------------------------------------------------


class Session:
    """A signed-in client of the served app, keeping its cookies."""

    def __init__(self, port: int, role: str) -> None:
        from governance.bench.people import BENCH_PASSWORD

        self.port = port
        self.cookies: dict[str, str] = {}
        token = self.token("/login")
        status, _ = self.post_form(
            "/login",
            {"email": f"{role}@bench.test", "password": BENCH_PASSWORD, "csrf_token": token},
        )
        if status != 302:
            raise SystemExit(f"Signing in as {role} failed: HTTP {status}")

    def conn(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=600)

    def header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def keep(self, response: http.client.HTTPResponse) -> None:
        self.cookies.update(cookie_pairs(response.headers.get_all("Set-Cookie") or []))

    def get(self, path: str) -> tuple[int, bytes]:
        conn = self.conn()
        conn.request("GET", path, headers={"Cookie": self.header()})
        r = conn.getresponse()
        body = r.read()
        self.keep(r)
        return r.status, body

    def token(self, path: str) -> str:
        status, page = self.get(path)
        found = re.search(rb'name="csrf_token"[^>]*value="([^"]+)"', page)
        if status != 200 or not found:
            raise SystemExit(f"No CSRF token on {path} (HTTP {status})")
        return found.group(1).decode()

    def post_form(self, path: str, fields: dict[str, str]) -> tuple[int, bytes]:
        from urllib.parse import urlencode

        conn = self.conn()
        conn.request(
            "POST",
            path,
            body=urlencode(fields),
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": self.header(),
            },
        )
        r = conn.getresponse()
        body = r.read()
        self.keep(r)
        return r.status, body


def multipart(
    fields: dict[str, str], name: str, filename: str, head: bytes, size: int
) -> tuple[str, int, Iterator[bytes], Any]:
    """A multipart body streamed from a generator: its boundary, length, chunks and digest.

    The file is `head` followed by random bytes up to `size`; the digest fills as it is sent.
    """
    boundary = "bench" + os.urandom(12).hex()
    before = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
        for k, v in fields.items()
    )
    before += (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
        f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n'
    ).encode()
    after = f"\r\n--{boundary}--\r\n".encode()
    digest = hashlib.sha256()

    def chunks() -> Iterator[bytes]:
        yield before
        digest.update(head)
        yield head
        left = size - len(head)
        while left > 0:
            piece = os.urandom(min(CHUNK, left))
            digest.update(piece)
            left -= len(piece)
            yield piece
        yield after

    return boundary, len(before) + size + len(after), chunks(), digest


# --- the data ------------------------------------------------------------------------------


def upload_target(app: Any) -> int:
    """An agenda item of the bench board whose meeting still takes papers."""
    import sqlalchemy as sa

    from governance.extensions import db
    from governance.meetings.models import AgendaItem, Meeting, MeetingStatus

    with app.app_context():
        item = db.session.execute(
            sa.select(AgendaItem.id)
            .join(Meeting)
            .where(
                Meeting.board_id == PACK_BOARD,
                Meeting.status.in_([MeetingStatus.DRAFT, MeetingStatus.NOTICE_ISSUED]),
            )
            .order_by(AgendaItem.id)
            .limit(1)
        ).scalar()
        if item is None:
            item = db.session.execute(
                sa.select(AgendaItem.id)
                .join(Meeting)
                .where(Meeting.board_id == PACK_BOARD, Meeting.status == MeetingStatus.HELD)
                .order_by(AgendaItem.id.desc())
                .limit(1)
            ).scalar()
        assert item is not None, "no agenda item of the bench board takes papers"
        return int(item)


def add_pack_files(app: Any) -> dict[str, Any]:
    """Give the latest decisions of the bench board PACK_FILES distinct large papers.

    Each file goes into the store through `storage.store`, as an upload would, and becomes a
    new version of a paper on the decision's item, recorded as relied on by the decision.
    Returns the period (register filter dates) whose pack holds them all.
    """
    import sqlalchemy as sa

    from governance.decisions.models import Decision, DecisionPaper
    from governance.extensions import db
    from governance.papers.files import storage
    from governance.papers.models import Paper, PaperVersion

    with app.app_context():
        s = db.session
        rows = s.execute(
            sa.select(Decision, Paper)
            .join(Paper, Paper.agenda_item_id == Decision.agenda_item_id)
            .where(Decision.board_id == PACK_BOARD)
            .order_by(Decision.taken_at.desc(), Decision.id.desc(), Paper.id)
        ).all()
        chosen: dict[int, tuple[Decision, Paper]] = {}
        for decision, paper in rows:
            chosen.setdefault(decision.id, (decision, paper))
            if len(chosen) == PACK_FILES:
                break
        assert chosen, "the bench board has no decisions on items with papers"
        pairs = list(chosen.values())
        root = Path(app.config["STORAGE_PATH"])
        total = 0
        for n in range(PACK_FILES):
            decision, paper = pairs[n % len(pairs)]
            data = random_pdf(f"evidence {n + 1}", PACK_FILE_BYTES)
            stored = storage.store(io.BytesIO(data), root, len(data))
            total += stored.size
            number = s.execute(
                sa.select(sa.func.max(PaperVersion.number)).where(PaperVersion.paper_id == paper.id)
            ).scalar()
            at = decision.taken_at - timedelta(days=7)
            version = PaperVersion(
                paper_id=paper.id,
                number=(number or 0) + 1,
                sha256=stored.sha256,
                size=stored.size,
                media_type=stored.media_type,
                filename=f"bench-evidence-{n + 1}.pdf",
                summary="A large paper for the memory benchmark.",
                uploaded_at=at,
                circulated_at=at,
            )
            s.add(version)
            s.flush()
            s.add(
                DecisionPaper(
                    decision_id=decision.id, paper_version_id=version.id, circulated_at=at
                )
            )
        taken = [d.taken_at for d, _ in pairs]
        s.commit()
        # A day either side: the register's dates are the board's, the times are UTC.
        return {
            "board_id": PACK_BOARD,
            "taken_from": (min(taken) - timedelta(days=1)).date().isoformat(),
            "taken_to": (max(taken) + timedelta(days=1)).date().isoformat(),
            "files": PACK_FILES,
            "file_bytes": total,
            "decisions_given_files": len(pairs),
        }


# --- the measurements ----------------------------------------------------------------------


def measure_upload(port: int, pid: int, item_id: int, app: Any) -> dict[str, Any]:
    """Stream a 100 MB PDF to the upload form as the secretary; check what was stored."""
    import sqlalchemy as sa

    from governance.extensions import db
    from governance.papers.files import storage
    from governance.papers.models import Paper, PaperVersion

    client = Session(port, "secretary")
    path = f"/items/{item_id}/papers/new"
    token = client.token(path)
    client.token(path)  # warm the form's page once more
    boundary, length, body, digest = multipart(
        {"csrf_token": token, "title": "Memory benchmark upload", "author_organisation_id": "",
         "summary": "A large file for the memory benchmark."},
        "file", "bench-upload.pdf", pdf_head("upload"), UPLOAD_BYTES,
    )  # fmt: skip
    conn = client.conn()
    with Sampler(pid) as sampler:
        started = time.perf_counter()
        conn.request(
            "POST",
            path,
            body=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Content-Length": str(length),
                "Cookie": client.header(),
            },
        )
        r = conn.getresponse()
        r.read()
        elapsed = time.perf_counter() - started
    sent = digest.hexdigest()
    with app.app_context():
        version = db.session.execute(
            sa.select(PaperVersion)
            .join(Paper)
            .where(Paper.agenda_item_id == item_id)
            .order_by(PaperVersion.id.desc())
            .limit(1)
        ).scalar_one()
        found = storage.locate(Path(app.config["STORAGE_PATH"]), version.sha256)
        on_disk = storage.file_sha256(found) if found else None
        recorded, size = version.sha256, version.size
    return {
        "status": r.status,
        "bytes": UPLOAD_BYTES,
        "seconds": round(elapsed, 2),
        "mb_per_s": round(UPLOAD_BYTES / MB / elapsed, 1),
        "sha256_sent": sent,
        "sha256_recorded": recorded,
        "sha256_matches": sent == recorded == on_disk,
        "size_recorded": size,
        **sampler.figures(),
    }


def measure_pack(port: int, pid: int, period: dict[str, Any]) -> dict[str, Any]:
    """Stream the board's evidence pack for the period as the auditor; check the ZIP opens."""
    from urllib.parse import urlencode

    client = Session(port, "auditor")
    query = urlencode({k: period[k] for k in ("board_id", "taken_from", "taken_to")})
    # Warm up the route with a short period of another board (templates, imports).
    client.get("/decisions/evidence.zip?board_id=2&taken_from=2000-01-01&taken_to=2000-01-02")
    conn = client.conn()
    with tempfile.NamedTemporaryFile(suffix=".zip") as kept:
        with Sampler(pid) as sampler:
            started = time.perf_counter()
            conn.request(
                "GET", f"/decisions/evidence.zip?{query}", headers={"Cookie": client.header()}
            )
            r = conn.getresponse()
            first = None
            size = 0
            while chunk := r.read(CHUNK):
                first = first or time.perf_counter()
                size += len(chunk)
                kept.write(chunk)  # to disk, not memory, to check the archive afterwards
            elapsed = time.perf_counter() - started
        kept.flush()
        with zipfile.ZipFile(kept.name) as archive:
            bad = archive.testzip()
            names = archive.namelist()
    papers = [n for n in names if n.startswith("papers/")]
    return {
        "status": r.status,
        "zip_bytes": size,
        "zip_mb": round(size / MB, 1),
        "seconds": round(elapsed, 2),
        "first_byte_s": round((first or started) - started, 2),
        "mb_per_s": round(size / MB / elapsed, 1),
        "zip_opens": bad is None,
        "entries": len(names),
        "papers": len(papers),
        "decisions": sum(1 for n in names if n.startswith("decisions/") and n.endswith(".json")),
        **sampler.figures(),
    }


def run(env: dict[str, str], url: str) -> dict[str, Any]:
    """Copy the store, add the large papers, serve one worker, measure the upload and the pack."""
    from governance import create_app

    with tempfile.TemporaryDirectory(prefix="governance-bench-mem-") as tmp:
        storage = Path(tmp) / "storage"
        shutil.copytree(env["STORAGE_PATH"], storage)
        env = dict(env, STORAGE_PATH=str(storage), MAX_PAPER_BYTES=str(UPLOAD_LIMIT))
        app = create_app(
            "development",
            {
                "SQLALCHEMY_DATABASE_URI": url,
                "STORAGE_PATH": str(storage),
                "MAX_PAPER_BYTES": UPLOAD_LIMIT,
            },
        )
        started = time.perf_counter()
        period = add_pack_files(app)
        period["setup_s"] = round(time.perf_counter() - started, 1)
        print(f"evidence pack setup: {period}")
        item = upload_target(app)
        port = free_port()
        with one_worker(env, port) as pid:
            upload = measure_upload(port, pid, item, app)
            print(f"upload: {upload}")
            evidence = measure_pack(port, pid, period)
            print(f"evidence pack: {evidence}")
        evidence["period"] = period
        upload["item_id"] = item
        return {
            "upload": upload,
            "evidence_pack": evidence,
            "server": "gunicorn, 1 worker x 2 threads",
        }
