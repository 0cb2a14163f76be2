"""The actions area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("actions", __name__)
