"""The home page: where each kind of user starts."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user

from governance.boards.queries import visible_boards

bp = Blueprint("main", __name__)


@bp.route("/")
def home():
    """Signed-in users see their boards; visitors see the public boards."""
    if not current_user.is_authenticated:
        return redirect(url_for("boards.index"))
    return render_template("home.html", boards=visible_boards(current_user))
