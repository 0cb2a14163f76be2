"""The subgroups area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("subgroups", __name__)
