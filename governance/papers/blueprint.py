"""The papers area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("papers", __name__)
