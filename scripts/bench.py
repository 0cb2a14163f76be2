"""Benchmark the app at scale against a minimal Flask floor, both served by gunicorn.

    python scripts/bench.py --db sqlite --scale 0.1          (what `make bench` runs)
    python scripts/bench.py --db postgresql --scale 1

1. Finds (or generates with `flask bench-data`) the data set, and serves a copy of it.
2. A measuring pass through the test client counts SQL statements per page (and, with
   --profile, writes a cProfile of each page), times `flask audit verify` over the whole chain,
   and streams the decisions CSV while sampling memory.
3. Serves the app and the floor with the same gunicorn settings, drives each page with wrk at
   8 connections, and reports requests/s, p50/p95/p99, the ratio to the floor, and the targets.
Results go to bench/results/<timestamp>-<db>-S<scale>.json.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import re
import resource
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BIN = Path(sys.executable).parent
RESULTS = ROOT / "bench" / "results"
DATA = ROOT / "bench" / "data"

#: Targets from the tracker issue.
P95_MS = 100
MEETING_SHARE = 0.15
CALENDAR_304_SHARE = 0.50
VERIFY_RATE = 200_000
CSV_GROWTH_MB = 50
UPLOAD_GROWTH_MB = 30
PACK_GROWTH_MB = 50


def sh(*args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(list(args), check=True, env=env, cwd=ROOT)


def app_env(instance: Path, database_url: str | None, storage: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GOVERNANCE_INSTANCE=str(instance),
        STORAGE_PATH=str(storage),
        FLASK_APP="wsgi:app",
        GOVERNANCE_ENV="development",
        LOGIN_LIMIT_ADDRESS="1000 per minute",
    )
    if database_url:
        env["DATABASE_URL"] = database_url
    else:
        env.pop("DATABASE_URL", None)
    return env


@contextmanager
def dataset(db: str, scale: float) -> Iterator[tuple[dict[str, str], str]]:
    """Yield the environment that points the app at a copy of the data set, and its URL."""
    if db == "sqlite":
        source = DATA / f"sqlite-S{scale:g}"
        if not (source / "governance.sqlite3").exists():
            source.mkdir(parents=True, exist_ok=True)
            env = app_env(source, None, source / "storage")
            sh(str(BIN / "flask"), "db", "upgrade", env=env)
            sh(str(BIN / "flask"), "bench-data", "--scale", str(scale), env=env)
        with tempfile.TemporaryDirectory(prefix="governance-bench-") as tmp:
            copy = Path(tmp) / "governance.sqlite3"
            src = sqlite3.connect(source / "governance.sqlite3")
            dst = sqlite3.connect(copy)
            src.backup(dst)  # a consistent copy, WAL included
            src.close()
            dst.close()
            yield app_env(Path(tmp), None, source / "storage"), f"sqlite:///{copy}"
        return
    from scripts.pg_server import find_bin_dir, postgres_server

    bin_dir = find_bin_dir()
    if bin_dir is None:
        raise SystemExit("PostgreSQL is not installed (no initdb found).")
    with postgres_server(bin_dir, "governance_bench") as url, tempfile.TemporaryDirectory() as tmp:
        env = app_env(Path(tmp), url, Path(tmp) / "storage")
        sh(str(BIN / "flask"), "db", "upgrade", env=env)
        started = time.monotonic()
        sh(str(BIN / "flask"), "bench-data", "--scale", str(scale), env=env)
        print(f"PostgreSQL load took {time.monotonic() - started:.0f}s")
        yield env, url


def login_cookie(port: int, role: str) -> str:
    """Sign in through the served login form (CSRF token and all); return the Cookie header."""
    from governance.bench.people import BENCH_PASSWORD

    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("GET", "/login")
    r = conn.getresponse()
    page = r.read().decode()
    cookies = cookie_pairs(r.headers.get_all("Set-Cookie") or [])
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    body = f"email={role}%40bench.test&password={BENCH_PASSWORD}"
    if token:
        body += f"&csrf_token={token.group(1)}"
    conn.request(
        "POST",
        "/login",
        body=body,
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items()),
        },
    )
    r = conn.getresponse()
    r.read()
    if r.status != 302:
        raise SystemExit(f"Signing in as {role} failed: HTTP {r.status}")
    cookies.update(cookie_pairs(r.headers.get_all("Set-Cookie") or []))
    # The first page after signing in gives the session its CSRF token (every page has the
    # sign-out form); a browser keeps the cookie that carries it, and so does the load.
    path = "/"
    for _hop in range(3):  # an auditor's home is the register: follow it there
        conn.request(
            "GET", path, headers={"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())}
        )
        r = conn.getresponse()
        r.read()
        cookies.update(cookie_pairs(r.headers.get_all("Set-Cookie") or []))
        if r.status not in (301, 302, 303) or not r.headers.get("Location"):
            break
        path = r.headers["Location"]
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def cookie_pairs(headers: list[str]) -> dict[str, str]:
    return dict(h.split(";", 1)[0].split("=", 1) for h in headers)


@contextmanager
def gunicorn(
    module: str, env: dict[str, str], port: int, workers: int, threads: int, timeout: int = 30
):
    """Serve `module` with gunicorn on loopback until the block ends; yields the master."""
    command = [
        str(BIN / "gunicorn"),
        "--workers", str(workers),
        "--threads", str(threads),
        "--timeout", str(timeout),
        "--bind", f"127.0.0.1:{port}",
        "--log-level", "warning",
        module,
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env, cwd=ROOT)
    try:
        for _ in range(300):
            try:
                http.client.HTTPConnection("127.0.0.1", port, timeout=2).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        else:
            raise SystemExit(f"gunicorn ({module}) did not start")
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def wrk(url: str, headers: dict[str, str], seconds: int, connections: int) -> dict[str, Any]:
    args = ["wrk", "-t2", f"-c{connections}", "--timeout", "10s"]
    args += ["-s", str(ROOT / "bench" / "report.lua")]
    for k, v in headers.items():
        args += ["-H", f"{k}: {v}"]
    subprocess.run([*args, "-d2s", url], check=True, capture_output=True)  # warm up
    out = subprocess.run(
        [*args, f"-d{seconds}s", url], check=True, capture_output=True, text=True
    ).stdout
    line = next(x for x in out.splitlines() if x.startswith("WRK_JSON "))
    raw = json.loads(line[len("WRK_JSON ") :])
    return {
        "rps": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p95_ms": round(raw["p95_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "requests": raw["requests"],
        "errors": raw["socket_errors"] + raw["bad_status"],
    }


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def machine(url: str) -> dict[str, Any]:
    mem = 0
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) * 1024
    model = ""
    with open("/proc/cpuinfo") as f:
        model = next((ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name")), "")
    info = {
        "cpu": model,
        "cores": os.cpu_count(),
        "ram_gb": round(mem / 2**30, 1),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "load_average_at_start": os.getloadavg(),
        "gunicorn": subprocess.run(
            [str(BIN / "gunicorn"), "--version"], capture_output=True, text=True
        ).stdout.strip(),
        "wrk": subprocess.run(["wrk", "--version"], capture_output=True, text=True).stdout.split(
            "\n"
        )[0],
    }
    if url.startswith("postgresql"):
        import sqlalchemy as sa

        engine = sa.create_engine(url)
        with engine.connect() as conn:
            info["postgresql"] = conn.execute(sa.text("SHOW server_version")).scalar()
        engine.dispose()
    return info


def main() -> None:
    from scripts.bench_measure import Measure

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--scale", type=float, default=0.1)
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--profile", action="store_true", help="cProfile each page")
    parser.add_argument("--skip-load", action="store_true", help="measuring pass only")
    parser.add_argument(
        "--only",
        choices=["memory"],
        help="memory: only the 100 MB upload and the 200 MB evidence pack (bench_memory.py)",
    )
    parser.add_argument("--skip-memory", action="store_true", help="leave out the memory pass")
    parser.add_argument(
        "--no-page-cache",
        action="store_true",
        help="serve with PAGE_CACHE_BYTES=0, so every request renders its page afresh",
    )
    parser.add_argument(
        "--wait-for",
        type=Path,
        help="once the data is ready, wait until this file exists before measuring "
        "(generate the slow PostgreSQL set early, measure the code once it is final)",
    )
    args = parser.parse_args()
    if args.no_page_cache:
        os.environ["PAGE_CACHE_BYTES"] = "0"  # read when the app's config is first imported

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    name = f"{stamp}-{args.db}-S{args.scale:g}" + ("-memory" if args.only else "")
    name += "-nocache" if args.no_page_cache else ""
    RESULTS.mkdir(parents=True, exist_ok=True)
    profile_dir = RESULTS / f"{name}-profiles" if args.profile else None
    if profile_dir:
        profile_dir.mkdir()

    with dataset(args.db, args.scale) as (env, url):
        if args.wait_for:
            print(f"Data ready; waiting for {args.wait_for}")
            while not args.wait_for.exists():
                time.sleep(5)
        # Migrations written after the data set was generated (it is generated once and kept).
        sh(str(BIN / "flask"), "db", "upgrade", env=env)
        if args.only == "memory":
            only = memory_only(args, name, env, url)
            out = RESULTS / f"{name}.json"
            out.write_text(json.dumps(only, indent=2, default=str) + "\n")
            print(table(only))
            print(f"\nWritten {out.relative_to(ROOT)}")
            return
        from governance.bench.people import BENCH_CALENDAR_TOKEN

        m = Measure(url, env["STORAGE_PATH"], profile_dir)
        fx = m.fixtures()
        feed = f"/calendar/{BENCH_CALENDAR_TOKEN}.ics"
        pages: list[tuple[str, str, str | None, dict[str, str]]] = [
            ("login", "/login", None, {}),
            ("board", "/boards/1", "secretary", {}),
            ("meeting", f"/meetings/{fx['bench_meeting']}", "secretary", {}),
            ("meeting_small", f"/meetings/{fx['other_meeting']}", "secretary", {}),
            ("register", "/decisions", "auditor", {}),
            ("register_filtered", "/decisions?board_id=1&status=confirmed", "auditor", {}),
            ("trail", f"/decisions/{fx['decision']}", "auditor", {}),
            ("trail_other", f"/decisions/{fx['other_decision']}", "auditor", {}),
            ("calendar", feed, None, {}),
            ("calendar_304", feed, None, {}),
            ("audit_log", "/audit/", "auditor", {}),
        ]
        clients = {role: m.client(role) for role in {p[2] for p in pages}}
        measured: dict[str, dict[str, Any]] = {}
        for page, path, role, headers in pages:
            if page == "calendar_304":
                headers = {"If-None-Match": measured["calendar"]["etag"]}
            measured[page] = m.page(clients[role], path, headers, page)
            measured[page].update(path=path, role=role, headers=headers)
            print(
                f"{page:18} {measured[page]['status']} {measured[page]['statements']:3} "
                f"statements {measured[page]['single_ms']:8.1f} ms, "
                f"{len(measured[page]['table_scans'])} scans or sorts"
            )
        verify = m.verify_rate()
        print(f"audit verify: {verify}")
        export = m.csv_export()
        print(f"decisions.csv: {export}")
        result: dict[str, Any] = {
            **result_head(args, name, url),
            "fixtures": fx,
            "pages": measured,
            "audit_verify": verify,
            "csv_export": export,
        }
        if not args.skip_load:
            result["load"] = serve_and_load(args, env, measured)
        if not args.skip_memory:
            from scripts import bench_memory

            # Last: it adds papers to the copy, which the pages above must not see.
            result["memory"] = bench_memory.run(env, url)
    result["targets"] = targets(result)
    out = RESULTS / f"{name}.json"
    out.write_text(json.dumps(result, indent=2, default=str) + "\n")
    print(table(result))
    print(f"\nWritten {out.relative_to(ROOT)}")


def result_head(args: argparse.Namespace, name: str, url: str) -> dict[str, Any]:
    """What every result file opens with: the run, the data and the machine."""
    return {
        "name": name,
        "db": args.db,
        "scale": args.scale,
        "machine": machine(url),
        "settings": vars(args),
    }


def memory_only(
    args: argparse.Namespace, name: str, env: dict[str, str], url: str
) -> dict[str, Any]:
    """The result of `--only memory`: the upload and the evidence pack, nothing else."""
    from scripts import bench_memory

    result: dict[str, Any] = {
        **result_head(args, name, url),
        "pages": {},
        "memory": bench_memory.run(env, url),
    }
    result["targets"] = targets(result)
    return result


def serve_and_load(
    args: argparse.Namespace, env: dict[str, str], measured: dict[str, dict[str, Any]]
) -> dict[str, Any]:
    floor_env = dict(env, PYTHONPATH=str(ROOT / "bench"))
    load: dict[str, Any] = {}
    port = free_port()
    with gunicorn("floor:app", floor_env, port, args.workers, args.threads):
        load["floor"] = wrk(f"http://127.0.0.1:{port}/", {}, args.seconds, args.connections)
    print(f"{'floor':18} {load['floor']}")
    port = free_port()
    with gunicorn("wsgi:app", env, port, args.workers, args.threads):
        cookies = {role: login_cookie(port, role) for role in ("secretary", "auditor")}
        for page, info in measured.items():
            headers = dict(info["headers"])
            if info["role"]:
                headers["Cookie"] = cookies[info["role"]]
            load[page] = wrk(
                f"http://127.0.0.1:{port}{info['path']}", headers, args.seconds, args.connections
            )
            load[page]["of_floor"] = round(load[page]["rps"] / load["floor"]["rps"], 3)
            print(f"{page:18} {load[page]}")
    # The floor again, so drift in the machine's load shows.
    port = free_port()
    with gunicorn("floor:app", floor_env, port, args.workers, args.threads):
        load["floor_after"] = wrk(f"http://127.0.0.1:{port}/", {}, args.seconds, args.connections)
    print(f"{'floor (after)':18} {load['floor_after']}")
    return load


def targets(r: dict[str, Any]) -> dict[str, Any]:
    t: dict[str, Any] = {}
    verify, export = r.get("audit_verify"), r.get("csv_export")
    if verify:
        t["audit verify >= 200,000 events/s"] = (
            verify["events_per_s"] >= VERIFY_RATE,
            f"{verify['events_per_s']:,} events/s",
        )
    if export:
        t["CSV export memory growth < 50 MB"] = (
            export["rss_growth_mb"] < CSV_GROWTH_MB,
            f"{export['rss_growth_mb']} MB, {export['rows_per_s']:,} rows/s",
        )
    memory = r.get("memory")
    if memory:
        up, zp = memory["upload"], memory["evidence_pack"]
        t["100 MB upload memory growth < 30 MB"] = (
            up["status"] == 302 and up["sha256_matches"] and up["rss_growth_mb"] < UPLOAD_GROWTH_MB,
            f"{up['rss_growth_mb']} MB, {up['mb_per_s']} MB/s, HTTP {up['status']}, "
            f"SHA-256 {'matches' if up['sha256_matches'] else 'DIFFERS'}",
        )
        t["200 MB evidence pack memory growth < 50 MB"] = (
            zp["status"] == 200 and zp["zip_opens"] and zp["rss_growth_mb"] < PACK_GROWTH_MB,
            f"{zp['rss_growth_mb']} MB, {zp['zip_mb']} MB ZIP at {zp['mb_per_s']} MB/s",
        )
    load = r.get("load")
    if load:
        slow = {p: v["p95_ms"] for p, v in load.items() if not p.startswith("floor")}
        worst = max(slow, key=lambda p: slow[p])
        t["p95 <= 100 ms at 8 connections"] = (
            slow[worst] <= P95_MS,
            f"worst {worst} {slow[worst]} ms",
        )
        t["meeting page >= 15% of floor"] = (
            load["meeting"]["of_floor"] >= MEETING_SHARE,
            f"{load['meeting']['of_floor']:.1%}",
        )
        t["calendar 304 >= 50% of floor"] = (
            load["calendar_304"]["of_floor"] >= CALENDAR_304_SHARE,
            f"{load['calendar_304']['of_floor']:.1%}",
        )
    return {k: {"met": bool(v[0]), "value": v[1]} for k, v in t.items()}


def table(r: dict[str, Any]) -> str:
    lines = [
        f"\n### {r['db']} at scale {r['scale']:g} ({r['name']})\n",
        "| Page | Statements | Single (ms) | Kept: statements | Kept: single (ms) | Req/s | "
        "p50 (ms) | p95 (ms) | p99 (ms) | Of floor |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    load = r.get("load", {})
    if load:
        f = load["floor"]
        lines.append(
            f"| floor | 0 | | | | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | {f['p99_ms']} "
            "| 1.000 |"
        )
    for page, m in r["pages"].items():
        w = load.get(page)
        cells = (
            f"{w['rps']} | {w['p50_ms']} | {w['p95_ms']} | {w['p99_ms']} | {w['of_floor']:.3f}"
            if w
            else "| | | |"
        )
        kept = f"{m.get('kept_statements', '')} | {m.get('kept_ms', '')}"
        lines.append(f"| {page} | {m['statements']} | {m['single_ms']} | {kept} | {cells} |")
    if "floor_after" in load:
        f = load["floor_after"]
        lines.append(
            f"| floor (after) | 0 | | | | {f['rps']} | {f['p50_ms']} | {f['p95_ms']} | "
            f"{f['p99_ms']} | |"
        )
    lines.append("\n| Target | Met | Measured |\n|---|---|---|")
    for k, v in r["targets"].items():
        lines.append(f"| {k} | {'met' if v['met'] else 'MISSED'} | {v['value']} |")
    return "\n".join(lines)


def _exit_on_term(signum: int, _frame: object) -> None:
    """SIGTERM unwinds like Ctrl-C: gunicorn and the PostgreSQL server started here are
    stopped and their directories removed, instead of being left running."""
    raise SystemExit(128 + signum)


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, _exit_on_term)
    resource.setrlimit(resource.RLIMIT_NOFILE, (4096, 4096))
    main()
