"""The meetings area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("meetings", __name__)
