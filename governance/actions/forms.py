"""The action log's forms: raise an action, report progress."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from governance.actions.models import ActionStatus
from governance.boards.forms import options
from governance.fields import StringField, optional_id


class ActionForm(FlaskForm):
    title = StringField("What has to be done", validators=[DataRequired(), Length(max=300)])
    owner_id = SelectField("Who will do it", coerce=int, validators=[InputRequired()])
    due_on = DateField("Due by", validators=[InputRequired()])
    decision_id = SelectField("Arising from decision", coerce=optional_id)
    submit = SubmitField("Add the action")


class UpdateForm(FlaskForm):
    text = TextAreaField("What has happened", validators=[DataRequired(), Length(max=5000)])
    status = SelectField(
        "Status", choices=options((s.value, s.label) for s in ActionStatus), default="open"
    )
    submit = SubmitField("Add the update")
