"""Command-line tools: seed-demo, create-admin, audit verify (and send-mail, from mail/cli.py)."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from governance import clock
from governance.errors import DomainError
from governance.extensions import db

audit_cli = AppGroup("audit", help="Check the audit trail.")
page_cache_cli = AppGroup("page-cache", help="The pages each process keeps until the data changes.")


# Each command imports what it uses when it runs: registering the commands on every app start
# then loads none of the demo, bench, audit or privacy code.


@page_cache_cli.command("clear")
def page_cache_clear() -> None:
    """Change the data stamp, so every process drops its kept pages (after editing the
    database by any route other than this app, such as psql)."""
    from governance.page_cache import bump

    with db.engine.begin() as conn:
        bump(conn)
    click.echo("Data stamp changed: every process renders its pages afresh.")


@audit_cli.command("verify")
def audit_verify() -> None:
    """Recompute the hash chain and report the first broken link, if any."""
    from governance.audit import verify
    from governance.audit.queries import verify_stored_chain

    count, broken = verify_stored_chain(workers=verify.worker_count())
    if broken is None:
        click.echo(f"Audit chain verified: {count} events, no broken links.")
        return
    click.echo(f"Audit chain BROKEN at event {broken.seq}: {broken.reason}.", err=True)
    raise SystemExit(1)


@click.command("seed-demo")
@with_appcontext
@click.option("--if-empty", is_flag=True, help="Do nothing if the demo board is already loaded.")
def seed_demo(if_empty: bool) -> None:
    """Load the demo partnership board (refused in production)."""
    from governance.demo.seed import DEMO_PASSWORD
    from governance.demo.seed import seed_demo as build

    if not current_app.config["DEMO_ALLOWED"]:
        raise click.ClickException(
            "The demo data cannot be loaded in the production configuration."
        )
    try:
        counts = build(clock.today())
    except DomainError as error:
        db.session.rollback()
        if if_empty:
            click.echo("Demo data already present; left as it is.")
            return
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo("Demo data loaded: " + ", ".join(f"{v} {k}" for k, v in counts.items()) + ".")
    click.echo(f"Demo logins (password {DEMO_PASSWORD}): admin@demo.test, secretary@demo.test,")
    click.echo("  chair@demo.test, parent@demo.test, auditor@demo.test")
    click.echo("Forgotten your password? on the sign-in page mails a link to set a new one;")
    click.echo("  read it in the outbox (/outbox, signed in as admin@demo.test).")


@click.command("create-admin")
@with_appcontext
@click.option("--email", prompt=True)
@click.option("--name", prompt="Full name")
@click.password_option()
def create_admin(email: str, name: str, password: str) -> None:
    """Create an administrator login (and the person behind it)."""
    from governance.auth.operations import create_account
    from governance.boards.operations import save_person

    try:
        person = save_person(
            None,
            None,
            {
                "full_name": name,
                "email": email,
                "phone": "",
                "organisation_id": None,
                "job_title": "Administrator",
            },
        )
        create_account(None, person, email, password, is_admin=True)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Administrator {email} created.")


def register_cli(app: Flask) -> None:
    from governance.bench.cli import register as register_bench_cli
    from governance.mail.cli import register as register_mail_cli
    from governance.privacy.cli import register as register_privacy_cli

    register_mail_cli(app)
    register_privacy_cli(app)
    register_bench_cli(app)
    app.cli.add_command(audit_cli)
    app.cli.add_command(page_cache_cli)
    app.cli.add_command(seed_demo)
    app.cli.add_command(create_admin)
