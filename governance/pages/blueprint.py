"""The pages that gather several areas: home, the board page, the meeting page."""

from flask import Blueprint

bp = Blueprint("pages", __name__)
