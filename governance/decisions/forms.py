"""Forms for recording a decision and for filtering the register (input validation only)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    DateField,
    Form,
    HiddenField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import Length, Optional

from governance.boards.forms import MultiCheckboxField, options
from governance.decisions.models import DecisionMethod, DecisionStatus, Relation, VoteCast
from governance.decisions.queries import Filters
from governance.fields import IntegerField, StringField, optional_id, whole_number

#: Prefix of the per-member select boxes of a named vote: vote-<person id>.
VOTE_PREFIX = "vote-"


def _optional_relation(value: object) -> Relation | None:
    return Relation(str(value)) if value not in (None, "", "None") else None


class DecisionForm(FlaskForm):
    resolution = TextAreaField(
        "Resolution",
        description="What the board resolved, in the words to be minuted.",
        validators=[Length(max=10_000)],
    )
    rationale = TextAreaField(
        "Why the board decided this",
        description="A sentence or two members, staff and parents can follow.",
        validators=[Length(max=10_000)],
    )
    alternatives = TextAreaField(
        "Alternatives considered, and why they were rejected", validators=[Length(max=10_000)]
    )
    no_alternatives_reason = StringField(
        "If there were no alternatives, say why",
        validators=[Optional(), Length(max=500)],
    )
    method = SelectField(
        "How it was decided",
        choices=options((m.value, m.label) for m in DecisionMethod),
        default=DecisionMethod.CONSENSUS.value,
    )
    votes_for = IntegerField("Votes for", validators=[Optional()])
    votes_against = IntegerField("Votes against", validators=[Optional()])
    abstentions = IntegerField("Abstentions", validators=[Optional()])
    #: Carries messages about the named votes, which are read from vote-<person id> boxes.
    named_votes = HiddenField("Named votes")
    dissent = TextAreaField("Dissent noted", validators=[Length(max=10_000)])
    relied_on = MultiCheckboxField("Papers relied on", coerce=int)
    taken_time = TimeField(
        "Time the decision was taken",
        description="On the meeting day, where the board meets. Leave blank only while the "
        "meeting is under way, to use the time now.",
        validators=[Optional()],
    )
    as_recommendation = BooleanField(
        "The board is not quorate: record this as a recommendation to a later meeting"
    )
    supersedes_id = SelectField(
        "Corrects, varies or rescinds", coerce=optional_id, validators=[Optional()]
    )
    relation = SelectField(
        "How",
        choices=[
            SelectChoice("", "—"),
            *options((r.value, r.value.capitalize()) for r in Relation),
        ],
        coerce=_optional_relation,
        validators=[Optional()],
    )
    submit = SubmitField("Record the decision")
    #: Shows the quorum at the time given, recording nothing.
    check_quorum = SubmitField("Show the quorum at this time")


def read_named_votes(formdata: MultiDict[str, str]) -> list[tuple[int, VoteCast]]:
    """The named votes ticked on the form; blank boxes (did not vote) and junk are skipped."""
    votes = []
    for key, value in formdata.items():
        if not key.startswith(VOTE_PREFIX) or not value:
            continue
        person_id = whole_number(key.removeprefix(VOTE_PREFIX), lowest=0)
        if person_id is None:
            continue
        try:
            votes.append((person_id, VoteCast(value)))
        except ValueError:
            continue
    return votes


class RegisterFilterForm(Form):
    """The register's filters, read from the query string (a GET form: no CSRF token)."""

    # The boards offered depend on the viewer; the query limits results to their scope anyway.
    board_id = SelectField(
        "Board", coerce=optional_id, validators=[Optional()], validate_choice=False
    )
    taken_from = DateField("Taken from", validators=[Optional()])
    taken_to = DateField("Taken up to", validators=[Optional()])
    q = StringField("Words or number", validators=[Optional(), Length(max=200)])
    status = SelectField(
        "Status",
        choices=[SelectChoice("", "Any"), *options((s.value, s.label) for s in DecisionStatus)],
        validators=[Optional()],
    )
    inquorate = BooleanField("Inquorate")
    late_papers = BooleanField("Relied on late papers")
    interests_declared = BooleanField("Interests declared")
    superseded = BooleanField("Superseded")
    recommendation = BooleanField("Recommendations only")


def filters_from(form: RegisterFilterForm) -> Filters:
    """Filters from the form; a field that does not validate is ignored rather than refused."""
    form.validate()

    def good(name: str) -> Any:
        field = getattr(form, name)
        return None if field.errors else field.data

    status = good("status")
    return Filters(
        board_id=good("board_id"),
        taken_from=good("taken_from"),
        taken_to=good("taken_to"),
        text=(good("q") or "").strip(),
        status=DecisionStatus(status) if status in {s.value for s in DecisionStatus} else None,
        inquorate=bool(form.inquorate.data),
        late_papers=bool(form.late_papers.data),
        interests_declared=bool(form.interests_declared.data),
        superseded=bool(form.superseded.data),
        recommendation=bool(form.recommendation.data),
    )


def filter_args(form: RegisterFilterForm) -> dict[str, Any]:
    """The filters as query arguments, to carry into paging and export links."""
    args: dict[str, Any] = {}
    for field in form:
        if field.errors or field.data in (None, "", False):
            continue
        args[field.name] = "y" if field.data is True else str(field.raw_data[0])
    return args
