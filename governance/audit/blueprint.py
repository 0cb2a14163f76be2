"""The audit area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("audit", __name__, url_prefix="/audit")
