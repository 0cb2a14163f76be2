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
