"""The minutes area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("minutes", __name__)
