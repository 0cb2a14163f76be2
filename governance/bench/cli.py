"""`flask bench-data`: load the bench data set into an empty, non-production database."""

from __future__ import annotations

import time
from pathlib import Path

import click
import sqlalchemy as sa
from flask import Flask, current_app
from flask.cli import with_appcontext

from governance import clock
from governance.extensions import db

# Each command imports what it uses when it runs, so registering it on every app start is cheap.


@click.command("bench-data")
@with_appcontext
@click.option("--scale", default=1.0, show_default=True, type=float, help="1 = a county.")
@click.option("--seed", default=2026, show_default=True, type=int, help="Random seed.")
@click.option("--force", is_flag=True, help="Empty a database that already holds data first.")
def bench_data(scale: float, seed: int, force: bool) -> None:
    """Generate a large, realistic data set for benchmarks (refused in production)."""
    from governance.bench.generate import generate, refusal, rows_present
    from governance.bench.people import ACCOUNTS, BENCH_CALENDAR_TOKEN, BENCH_PASSWORD

    if scale <= 0:
        raise click.BadParameter("must be a positive number, e.g. 1 or 0.1", param_hint="--scale")
    production = current_app.config["PRODUCTION"] or not current_app.config["DEMO_ALLOWED"]
    with db.engine.connect() as conn:
        refused = refusal(conn, production=production, force=force)
        present = rows_present(conn)
        conn.rollback()
    if refused:
        raise click.ClickException(refused)
    if present:
        click.echo(f"--force: emptying a database of {present:,} rows first.")
        reset_schema()
    started = time.monotonic()
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            # A lost bench load is simply run again; durability would only slow it down.
            raw = conn.connection.dbapi_connection  # outside a transaction, as SQLite needs
            assert raw is not None
            raw.execute("PRAGMA synchronous=OFF")
            raw.execute("PRAGMA cache_size=-200000")
        generate(
            conn,
            scale,
            storage_root=Path(current_app.config["STORAGE_PATH"]),
            max_bytes=current_app.config["MAX_PAPER_BYTES"],
            today=clock.today(),
            now=clock.now(),
            seed=seed,
            commit=conn.commit,
            progress=click.echo,
        )
        conn.commit()
    click.echo(f"Bench data loaded at scale {scale} in {time.monotonic() - started:.0f}s.")
    click.echo(
        f"Logins (password {BENCH_PASSWORD}): " + ", ".join(f"{a}@bench.test" for a in ACCOUNTS)
    )
    click.echo(f"The member's calendar feed: /calendar/{BENCH_CALENDAR_TOKEN}.ics")


def reset_schema() -> None:
    """Drop every table (and the audit triggers) and migrate afresh."""
    from flask_migrate import upgrade

    from governance.audit.triggers import DROP

    with db.engine.begin() as conn:
        for statement in DROP.get(conn.dialect.name, []):
            conn.exec_driver_sql(statement)
    db.metadata.drop_all(db.engine)
    with db.engine.begin() as conn:
        conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
    upgrade()


def register(app: Flask) -> None:
    app.cli.add_command(bench_data)
