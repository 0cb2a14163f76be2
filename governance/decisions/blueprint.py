"""The decisions area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("decisions", __name__)
