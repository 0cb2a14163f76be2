"""The calendar area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("calendar", __name__)
