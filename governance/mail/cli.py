"""flask send-mail: deliver the outbox once, or keep delivering until stopped."""

from __future__ import annotations

import time

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from governance.extensions import db
from governance.mail.worker import DeliveryReport, deliver_pending

#: Messages sent per pass; a full batch is followed at once by another pass.
BATCH = 100


def _summary(report: DeliveryReport) -> str:
    return f"Sent {report.sent}, failed {report.failed_attempts}, gave up {report.gave_up}"


@click.command("send-mail")
@click.option(
    "--loop/--once",
    default=False,
    help="Keep running, checking the outbox every INTERVAL seconds (default: one pass).",
)
@click.option(
    "--interval",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
    metavar="SECONDS",
    help="Pause between passes in loop mode.",
)
@with_appcontext
def send_mail(loop: bool, interval: float) -> None:
    """Send the messages waiting in the outbox over SMTP."""
    try:
        while True:
            report = deliver_pending(current_app.config, limit=BATCH)
            # A looping worker stays quiet when there was nothing to do.
            if not loop or report.tried:
                click.echo(_summary(report))
            if not loop:
                return
            if report.tried < BATCH:
                time.sleep(interval)
    except KeyboardInterrupt:
        # Ctrl-C may land mid-send; whatever was not committed is simply tried again later.
        db.session.rollback()
        click.echo("Stopped.")


def register(app: Flask) -> None:
    """Add `flask send-mail` to the app's command line."""
    app.cli.add_command(send_mail)
