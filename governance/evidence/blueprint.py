"""The evidence area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("evidence", __name__)
