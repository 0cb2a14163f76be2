"""The migrations build exactly the schema the models describe."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from governance.decisions import triggers
from governance.decisions.models import Decision
from governance.extensions import db


def test_upgraded_database_matches_the_models(app):
    # The session's database was built by `flask db upgrade` (see conftest).
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_upgraded_database_has_the_append_only_triggers(app):
    with db.engine.connect() as connection:
        if connection.dialect.name == "sqlite":
            names = (
                connection.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))
                .scalars()
                .all()
            )
        else:
            names = (
                connection.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"))
                .scalars()
                .all()
            )
    assert "audit_event_no_update" in names
    assert "decision_settled_no_update" in names


def test_the_decision_trigger_names_every_column_supersession_does_not_set():
    columns = {c.name for c in Decision.__table__.columns}
    assert set(triggers.UNCHANGING) == columns - {"status", "superseded_by_id"}


def test_sqlite_connections_use_wal_and_foreign_keys(app):
    with db.engine.connect() as connection:
        if connection.dialect.name != "sqlite":
            pytest.skip("SQLite pragmas do not apply to PostgreSQL")
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA busy_timeout").scalar() == 5000
