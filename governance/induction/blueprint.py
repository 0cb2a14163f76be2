"""The induction area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("induction", __name__)
