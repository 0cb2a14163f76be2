"""The interests area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("interests", __name__)
