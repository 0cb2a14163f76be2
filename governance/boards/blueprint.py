"""The boards area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("boards", __name__)
