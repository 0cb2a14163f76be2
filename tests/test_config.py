"""Configuration: production refuses unsafe settings; the demo loader refuses production."""

from __future__ import annotations

import contextvars

import pytest

from governance import create_app


def test_production_refuses_to_start_without_a_real_secret_key(tmp_path):
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            "production",
            {
                "SECRET_KEY": "dev-only-not-a-secret",
                "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db",
            },
        )
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(
            "production",
            {"SECRET_KEY": "", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"},
        )


def test_production_sets_secure_cookies_hsts_and_refuses_the_demo(tmp_path):
    app = create_app(
        "production",
        {"SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/p.db"},
    )
    assert app.config["SESSION_COOKIE_SECURE"] and app.config["SESSION_COOKIE_HTTPONLY"]
    with app.test_client() as client:
        assert "max-age" in client.get("/login").headers["Strict-Transport-Security"]
    # Run outside the suite's pushed app context, or the command would use the test app.
    result = contextvars.Context().run(app.test_cli_runner().invoke, args=["seed-demo"])
    assert result.exit_code != 0, result.output
    assert "production" in result.output


def test_unknown_environment_name_is_refused():
    with pytest.raises(RuntimeError, match="GOVERNANCE_ENV"):
        create_app("staging")


# The secret key outside production ------------------------------------------------------------


@pytest.fixture
def fresh_instance(tmp_path, monkeypatch):
    """An empty instance folder for apps made in this test; SECRET_KEY unset."""
    monkeypatch.setattr("governance.INSTANCE_DIR", tmp_path / "instance")
    return tmp_path / "instance"


def development_app(tmp_path, **overrides):
    return create_app(
        "development",
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/d.db",
            "STORAGE_PATH": str(tmp_path / "storage"),
            **overrides,
        },
    )


def test_development_without_a_secret_key_makes_a_private_one_and_keeps_it(
    tmp_path, fresh_instance, caplog
):
    """ASVS 14.1.1: a deployment that forgets GOVERNANCE_ENV no longer signs cookies with the
    key written in config.py; it makes a random one, readable by its owner only, and says so."""
    first = development_app(tmp_path, SECRET_KEY=None)
    key = first.config["SECRET_KEY"]
    assert key and key != "dev-only-not-a-secret" and len(key) >= 32
    kept = fresh_instance / "secret_key"
    assert kept.read_text().strip() == key
    assert kept.stat().st_mode & 0o777 == 0o600
    assert "secret_key" in caplog.text
    second = development_app(tmp_path, SECRET_KEY=None)
    assert second.config["SECRET_KEY"] == key  # sessions survive a restart


def test_the_development_key_is_refused_unless_flask_run_serves_on_loopback(
    tmp_path, fresh_instance
):
    """ASVS 14.1.1: the public development key only for `flask run` on 127.0.0.1 (make run)."""
    import click

    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        development_app(tmp_path, SECRET_KEY="dev-only-not-a-secret")  # e.g. under gunicorn
    for host, allowed in (("127.0.0.1", True), ("localhost", True), ("0.0.0.0", False)):  # noqa: S104
        command = click.Command("run")
        with click.Context(command, info_name="run") as ctx:
            ctx.params["host"] = host
            if allowed:
                app = development_app(tmp_path, SECRET_KEY="dev-only-not-a-secret")
                assert app.config["SECRET_KEY"] == "dev-only-not-a-secret"
            else:
                with pytest.raises(RuntimeError, match="SECRET_KEY"):
                    development_app(tmp_path, SECRET_KEY="dev-only-not-a-secret")


def test_a_secret_key_from_the_environment_is_used_as_given(tmp_path, fresh_instance):
    app = development_app(tmp_path, SECRET_KEY="z" * 40)
    assert app.config["SECRET_KEY"] == "z" * 40
    assert not (fresh_instance / "secret_key").exists()
