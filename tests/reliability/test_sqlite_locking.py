"""On SQLite, requests that may write take the write lock when their transaction begins."""

from __future__ import annotations

import sqlite3

import flask
import pytest

from governance import create_app
from governance.extensions import db


def other_writer_can_start(path: str) -> bool:
    """Whether another connection gets the write lock at once (no busy wait)."""
    other = sqlite3.connect(path, timeout=0, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("ROLLBACK")
        return True
    except sqlite3.OperationalError as error:
        assert "locked" in str(error)
        return False
    finally:
        other.close()


@pytest.mark.parametrize(("method", "holds_lock"), [("POST", True), ("GET", False)])
def test_only_a_request_that_may_write_holds_sqlites_write_lock_from_its_start(
    tmp_path, method, holds_lock
):
    """ASVS 4.0.3 V11.1.6: a writing request waits its turn for the lock instead of failing
    with "database is locked" when another process wrote after it first read; reads stay
    concurrent."""
    path = str(tmp_path / "locks.sqlite3")
    app = create_app(
        "test",
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "STORAGE_PATH": str(tmp_path / "s")},
    )
    with app.app_context(), app.test_request_context("/", method=method):
        engine = db.engine
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")  # the transaction begins here
                assert other_writer_can_start(path) is not holds_lock
            assert other_writer_can_start(path)  # and the lock goes with the transaction
        finally:
            engine.dispose()


@pytest.mark.parametrize("endpoint", ["papers.download", "papers.pack", "induction.material"])
def test_a_download_that_notes_who_opened_it_holds_the_write_lock_like_a_post(tmp_path, endpoint):
    """ASVS 4.0.3 V11.1.6: the GET views that write (noting who opened a paper or material)
    queue for SQLite's lock instead of failing with "database is locked" under load."""
    path = str(tmp_path / "locks.sqlite3")
    app = create_app(
        "test",
        {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}", "STORAGE_PATH": str(tmp_path / "s")},
    )
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint)
    url = rule.rule.replace("<int:", "<").split("<")[0] + "1" + rule.rule.split(">", 1)[1]
    with app.app_context(), app.test_request_context(url, method="GET"):
        assert flask.request.endpoint == endpoint
        engine = db.engine
        try:
            with engine.connect() as connection:
                connection.exec_driver_sql("SELECT 1")
                assert not other_writer_can_start(path)
        finally:
            engine.dispose()
