"""The attendance area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("attendance", __name__)
