"""The glossary area's blueprint; its views attach their routes to it."""

from flask import Blueprint

bp = Blueprint("glossary", __name__, cli_group="glossary")
