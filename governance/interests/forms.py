"""Forms of the register of interests and of declarations on an item."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional

from governance.boards.forms import options
from governance.fields import StringField, optional_id
from governance.interests import rules as interest_rules
from governance.interests.models import DeclarationAction


class InterestForm(FlaskForm):
    description = StringField(
        "The interest",
        description="E.g. “Trustee of Little Steps Family Groups”.",
        validators=[DataRequired(), Length(max=500)],
    )
    kind = SelectField(
        "Kind", choices=options(interest_rules.KINDS.items()), validators=[InputRequired()]
    )
    organisation_id = SelectField(
        "Organisation it concerns", coerce=optional_id, validators=[Optional()]
    )
    starts_on = DateField("Since", validators=[InputRequired()])
    published = BooleanField(
        "Publish this entry (unpublished entries are for the board only)", default=True
    )
    submit = SubmitField("Add to the register")


class EndInterestForm(FlaskForm):
    ends_on = DateField("Last day of the interest", validators=[InputRequired()])
    submit = SubmitField("End this entry")


class DeclarationForm(FlaskForm):
    person_id = SelectField(
        "Who is declaring",
        coerce=optional_id,
        validators=[InputRequired(message="Choose who is declaring.")],
    )
    interest_id = SelectField(
        "Entry in their register", coerce=optional_id, validators=[Optional()]
    )
    nature = TextAreaField(
        "The interest, as it will be minuted",
        description="Leave blank to use the words of the register entry chosen above.",
        validators=[Optional(), Length(max=500)],
    )
    action = SelectField(
        "What they did",
        choices=options((a.value, a.label) for a in DeclarationAction),
        validators=[InputRequired()],
    )
    dispensation_by = StringField(
        "Dispensation granted by",
        description="Needed for a dispensation: who granted it.",
        validators=[Optional(), Length(max=200)],
    )
    dispensation_reason = TextAreaField(
        "Why the dispensation was granted",
        description="Needed for a dispensation.",
        validators=[Optional(), Length(max=500)],
    )
    submit = SubmitField("Record the declaration")
