"""The auth area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("auth", __name__)
