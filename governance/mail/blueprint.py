"""The mail area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("mail", __name__, url_prefix="/outbox")
