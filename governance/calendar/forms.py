"""Forms of the calendar feed page."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import SubmitField


class IssueTokenForm(FlaskForm):
    submit = SubmitField("Create a new feed address")


class RevokeTokenForm(FlaskForm):
    # Shown on the same page as IssueTokenForm: used with prefix="revoke" so field ids differ.
    submit = SubmitField("Turn off my feed")
