"""The privacy area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("privacy", __name__)
