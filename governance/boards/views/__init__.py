"""Views of the boards area: boards, membership, and the directory of people and organisations."""

from flask import Blueprint

bp = Blueprint("boards", __name__)

from governance.boards.views import boards, directory, membership  # noqa: E402, F401
