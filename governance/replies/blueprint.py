"""The replies area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("replies", __name__)
