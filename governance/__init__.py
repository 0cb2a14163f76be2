"""governance: meetings and the decision record of partnership boards."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, render_template

from config import INSTANCE_DIR, config_for
from governance.extensions import csrf, db, login_manager, migrate
from governance.filters import register_filters

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, overrides: dict[str, Any] | None = None) -> Flask:
    """Build the application: configuration, extensions, blueprints, CLI, error pages."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
    )
    app.config.from_object(config_for(config_name))
    if overrides:
        app.config.update(overrides)
    from governance.security import settle_secret_key

    settle_secret_key(app)
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)

    from governance.security import init_input_guard

    init_input_guard(app)  # before CSRF's check, and the blueprints, which take its converter
    _init_extensions(app)
    _register_blueprints(app)
    _connect_listeners()
    _register_template_helpers(app)
    _register_error_pages(app)

    from governance.security import init_proxy_fix, init_security_headers

    init_security_headers(app)
    init_proxy_fix(app)

    from governance.cli import register_cli

    register_cli(app)
    from governance.papers.files.storage import sweep_partial_files

    # Half-written uploads of a process that was killed; uploads still running are kept.
    sweep_partial_files(Path(app.config["STORAGE_PATH"]))
    return app


def _init_extensions(app: Flask) -> None:
    from governance.database import configure_sqlite

    db.init_app(app)
    # Importing the models registers them on the metadata before Migrate looks.
    from governance import models  # noqa: F401

    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please sign in to see that page."
    login_manager.login_message_category = "info"

    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            configure_sqlite(engine, app.config["SQLITE_BUSY_TIMEOUT_MS"])
        from governance.page_cache import init_page_cache

        init_page_cache(app)

    from governance.auth.loader import load_user
    from governance.auth.signin.throttle import init_throttle

    login_manager.user_loader(load_user)
    init_throttle(app)


#: Every area with pages, in the order their blueprints are registered. Importing an area's
#: `views` attaches its routes to the blueprint in its `blueprint` module.
AREAS_WITH_VIEWS = (
    "pages",
    "auth",
    "boards",
    "meetings",
    "attendance",
    "replies",
    "papers",
    "calendar",
    "interests",
    "decisions",
    "evidence",
    "minutes",
    "actions",
    "subgroups",
    "induction",
    "glossary",
    "mail",
    "audit",
    "privacy",
)


def _register_blueprints(app: Flask) -> None:
    import importlib

    for area in AREAS_WITH_VIEWS:
        importlib.import_module(f"governance.{area}.views")
        app.register_blueprint(importlib.import_module(f"governance.{area}.blueprint").bp)


def _connect_listeners() -> None:
    """Higher areas react to lower ones through signals; importing a listener connects it."""
    from governance.induction import listeners as induction_listeners  # noqa: F401
    from governance.minutes import listeners as minutes_listeners  # noqa: F401
    from governance.subgroups import listeners as subgroup_listeners  # noqa: F401


def _register_template_helpers(app: Flask) -> None:
    from governance.actions.permissions import PREDICATES as action_predicates
    from governance.audit.permissions import PREDICATES as audit_predicates
    from governance.auth.permissions import PREDICATES as auth_predicates
    from governance.boards.permissions import PREDICATES as board_predicates
    from governance.decisions.permissions import PREDICATES as decision_predicates
    from governance.induction.permissions import PREDICATES as induction_predicates
    from governance.mail.permissions import PREDICATES as mail_predicates
    from governance.meetings.permissions import PREDICATES as meeting_predicates
    from governance.minutes.permissions import PREDICATES as minutes_predicates
    from governance.papers.permissions import PREDICATES as paper_predicates
    from governance.privacy.permissions import PREDICATES as privacy_predicates
    from governance.replies.permissions import PREDICATES as reply_predicates
    from governance.subgroups.permissions import PREDICATES as subgroup_predicates

    app.jinja_env.add_extension("jinja2.ext.do")
    # Templates call the same predicates the views enforce.
    app.jinja_env.globals.update(board_predicates)
    app.jinja_env.globals.update(auth_predicates)
    app.jinja_env.globals.update(audit_predicates)
    app.jinja_env.globals.update(meeting_predicates)
    app.jinja_env.globals.update(reply_predicates)
    app.jinja_env.globals.update(mail_predicates)
    app.jinja_env.globals.update(decision_predicates)
    app.jinja_env.globals.update(minutes_predicates)
    app.jinja_env.globals.update(action_predicates)
    app.jinja_env.globals.update(subgroup_predicates)
    app.jinja_env.globals.update(induction_predicates)
    app.jinja_env.globals.update(privacy_predicates)
    app.jinja_env.globals.update(paper_predicates)
    register_filters(app)


def _register_error_pages(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    def render(code: int, title: str, message: str):
        return render_template("errors/error.html", code=code, title=title, message=message), code

    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        return render(400, "The form had expired", "Please go back, reload the page and try again.")

    @app.errorhandler(401)
    def _401(_error: Exception):
        return render(401, "Please sign in", "You need to sign in to see this page.")

    @app.errorhandler(403)
    def _403(_error: Exception):
        return render(
            403,
            "Not allowed",
            "Your account does not have access to this page. If you think it should, ask the "
            "secretary of the board concerned, or your administrator.",
        )

    @app.errorhandler(404)
    def _404(_error: Exception):
        return render(404, "Not found", "There is nothing at this address.")

    @app.errorhandler(405)
    def _405(_error: Exception):
        return render(405, "Not allowed", "That kind of request is not accepted here.")

    @app.errorhandler(413)
    def _413(_error: Exception):
        return render(
            413, "Too much sent", "What was sent is too large to accept. Please send less."
        )

    @app.errorhandler(500)
    def _500(_error: Exception):
        db.session.rollback()
        return render(500, "Something went wrong", "The change was not saved. Please try again.")
