"""Forms for replying to a meeting notice (short, for a phone) and arranging support."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import InputRequired, Length, NumberRange, Optional
from wtforms.widgets import TextInput

from governance.boards.forms import options
from governance.fields import IntegerField, StringField, optional_id
from governance.replies.models import MeetingReply, NeedKind, ReplyChoice, TravelMode
from governance.replies.rules import MAX_CHILDREN, MAX_TEXT, NUMBER_WORDS

#: The free-text field of each kind of need described in words.
DETAIL_FIELDS = {
    NeedKind.TRAVEL: "travel_details",
    NeedKind.ACCESS: "access_details",
    NeedKind.INTERPRETER: "language",
    NeedKind.OTHER: "other_details",
}


def _text(label: str, description: str = "") -> StringField:
    return StringField(
        label, description=description, validators=[Optional(), Length(max=MAX_TEXT)]
    )


class ChildrenField(IntegerField):
    """How many children: digits or a word ("two"), typed in a text box so a phone never
    blanks a value it cannot read (a number box sends nothing for "2 kids"). What cannot be
    read comes back as typed, with a message."""

    widget = TextInput()

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read a number word as its digits, then as any whole number."""
        if valuelist and isinstance(valuelist[0], str):
            word = valuelist[0].strip().lower()
            if word in NUMBER_WORDS:
                self.data = NUMBER_WORDS[word]
                return
        try:
            super().process_formdata(valuelist)
        except ValueError:
            raise ValueError("Give the number of children as a number, for example 2.") from None


class ReplyForm(FlaskForm):
    choice = RadioField(
        "Can you come?",
        choices=options(
            [
                (ReplyChoice.ATTENDING.value, "Yes, I will be there"),
                (ReplyChoice.APOLOGIES.value, "No, I send my apologies"),
            ]
        ),
        validators=[InputRequired(message="Choose whether you can come.")],
    )
    childcare = BooleanField("Crèche places for my children")
    children = ChildrenField(
        "How many children?",
        render_kw={"inputmode": "numeric", "autocomplete": "off"},
        validators=[Optional(), NumberRange(1, MAX_CHILDREN)],
    )
    ages = _text("Their ages", "For example: 18 months and 3, or 1 year 6 months.")
    travel = BooleanField("Help with travel")
    travel_mode = RadioField(
        "What would help?",
        choices=options((m.value, m.label) for m in TravelMode),
        validators=[Optional()],
    )
    travel_details = _text("Anything the secretary should know", "For example: two buses.")
    access = BooleanField("Access needs")
    access_details = _text("What you need", "For example: step-free access, a hearing loop.")
    interpreter = BooleanField("An interpreter")
    language = _text("Which language?", "Including British Sign Language.")
    other = BooleanField("Something else")
    other_details = _text("What you need")
    deputy_id = SelectField(
        "Send a deputy in my place (optional)",
        coerce=optional_id,
        description="Someone from your organisation; the secretary confirms it.",
        validators=[Optional()],
    )
    note = TextAreaField(
        "A note for the secretary (optional)", validators=[Optional(), Length(max=MAX_TEXT)]
    )
    submit = SubmitField("Send my reply")

    def fill_from(self, reply: MeetingReply) -> None:
        """Show the member's current reply, to change it."""
        self.choice.data = reply.choice.value
        self.note.data = reply.note
        if "deputy_id" in self:  # only offered to members whose organisation has deputies
            self["deputy_id"].data = reply.deputy_id
        for need in reply.wanted_needs:
            self[need.kind.value].data = True
            if need.kind is NeedKind.CHILDCARE:
                self.children.data = need.children
                self.ages.data = need.ages_text or " and ".join(str(a) for a in need.children_ages)
            if need.travel_mode is not None:
                self.travel_mode.data = need.travel_mode.value
            if need.kind in DETAIL_FIELDS:
                self[DETAIL_FIELDS[need.kind]].data = need.details


class ArrangeForm(FlaskForm):
    note = StringField(
        "What was arranged (optional)",
        description="For example: two crèche places booked.",
        validators=[Optional(), Length(max=MAX_TEXT)],
    )
    submit = SubmitField("Mark as done")


class ApologiesForm(FlaskForm):
    note = TextAreaField(
        "A note for the secretary (optional)", validators=[Optional(), Length(max=300)]
    )
    submit = SubmitField("Send my apologies")
