"""The floor: the smallest Flask app, served exactly as the real one, to compare against."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    """A constant response: what gunicorn, Flask and the network cost on their own."""
    return "ok"
