"""flask backup / restore, flask privacy export / erase, flask retention."""

from __future__ import annotations

from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup, with_appcontext

from governance.boards.models import Person
from governance.database import utcnow
from governance.errors import DomainError
from governance.extensions import db

privacy_cli = AppGroup("privacy", help="Subject access exports and erasure of personal data.")


# Each command imports what it uses when it runs, so registering it on every app start is cheap.


def _refuse(error: DomainError) -> click.ClickException:
    db.session.rollback()
    return click.ClickException(error.message)


@click.command("backup")
@click.argument("dest", type=click.Path(path_type=Path))
@with_appcontext
def backup_command(dest: Path) -> None:
    """Write a checked copy of the database and the paper store to the new folder DEST."""
    from governance.privacy.backup import backup

    db.session.remove()  # no transaction of ours holds the database open while it is copied
    try:
        report = backup(
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            Path(current_app.config["STORAGE_PATH"]),
            dest,
        )
    except DomainError as error:
        raise _refuse(error) from None
    click.echo(
        f"Backup of the {report.dialect} database written to {report.path}: "
        f"{report.files} files, listed with their SHA-256 in manifest.json."
    )


@click.command("restore")
@click.argument("src", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option(
    "--force", is_flag=True, help="Overwrite a database and paper store that are not empty."
)
@with_appcontext
def restore_command(src: Path, force: bool) -> None:
    """Check the backup in SRC against its manifest, then restore it."""
    from governance.privacy.backup import restore

    db.session.remove()
    db.engine.dispose()  # pooled connections would keep seeing the database being replaced
    try:
        report = restore(
            src,
            current_app.config["SQLALCHEMY_DATABASE_URI"],
            Path(current_app.config["STORAGE_PATH"]),
            force=force,
        )
    except DomainError as error:
        raise _refuse(error) from None
    click.echo(
        f"Restored {report.files} files from {report.path}. "
        "Run `flask audit verify` to check the audit chain."
    )


def _person(person_id: int) -> Person:
    person = db.session.get(Person, person_id)
    if person is None:
        raise click.ClickException(f"There is no person {person_id}.")
    return person


@privacy_cli.command("export")
@click.argument("person_id", type=int)
@click.argument("dest", type=click.Path(path_type=Path, dir_okay=False))
def privacy_export(person_id: int, dest: Path) -> None:
    """Write everything held about PERSON_ID, and the files they uploaded, to the ZIP file DEST."""
    from governance.privacy.export import export_zip

    if dest.exists():
        raise click.ClickException(f"{dest} already exists.")
    data = export_zip(_person(person_id), Path(current_app.config["STORAGE_PATH"]))
    dest.write_bytes(data)
    click.echo(f"Data held about person {person_id} written to {dest} ({len(data)} bytes).")


@privacy_cli.command("erase")
@click.argument("person_id", type=int)
@click.confirmation_option(prompt="Replace this person's details with a pseudonym for good?")
def privacy_erase(person_id: int) -> None:
    """Erase PERSON_ID's identifying details, keeping their records under a pseudonym."""
    from governance.privacy.operations import erase_person

    try:
        person = erase_person(None, _person(person_id))
    except DomainError as error:
        raise _refuse(error) from None
    db.session.commit()
    click.echo(f"Person {person_id} is now “{person.full_name}”; their login is disabled.")


@click.command("retention")
@click.option(
    "--apply", "apply_", is_flag=True, help="Remove what is past retention (default: report)."
)
@with_appcontext
def retention_command(apply_: bool) -> None:
    """Report, or with --apply remove, personal data past the periods in RETENTION_DAYS."""
    from governance.privacy.operations import apply_retention, retention_due
    from governance.privacy.rules import RETENTION_KINDS

    settings = current_app.config.get("RETENTION_DAYS", {})
    try:
        if apply_:
            counts = apply_retention(None, settings, utcnow())
            db.session.commit()
        else:
            counts = retention_due(settings, utcnow())
    except DomainError as error:
        raise _refuse(error) from None
    verb = "Removed" if apply_ else "Would remove"
    for kind, count in counts.items():
        click.echo(f"{verb} {count} {kind} ({settings[kind]} days: {RETENTION_KINDS[kind]}).")
    if not apply_:
        click.echo("Nothing was changed; run `flask retention --apply` to remove them.")


def register(app: Flask) -> None:
    """Add the backup, restore, privacy and retention commands to the app's command line."""
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(retention_command)
