"""Forms for terms of reference, their approval, sub-group reports and referrals."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    DecimalField,
    FieldList,
    Form,
    FormField,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from governance.boards.forms import options
from governance.decisions.forms import DecisionForm
from governance.fields import IntegerField, StringField, optional_id
from governance.subgroups.rules import MAX_QUORUM, MAX_REPORTING_EVERY, QUORUM_CATEGORIES

#: Blank rows offered under the entries a draft already has (the page works without script).
SPARE_AUTHORITY_ROWS = 3
#: The value of "something else" among the kinds of decision on the decision form.
SOMETHING_ELSE = "__other__"


def to_pence(amount: Decimal | None) -> int | None:
    """Pounds from a form as whole pence."""
    return None if amount is None else int((amount * 100).to_integral_value())


def to_pounds(pence: int | None) -> Decimal | None:
    """Pence as pounds, to fill a form."""
    return None if pence is None else Decimal(pence) / 100


class AuthorityRow(Form):
    kind = StringField("Kind of decision", validators=[Optional(), Length(max=200)])
    limit = DecimalField(
        "Spending limit (£)",
        places=2,
        validators=[Optional(), NumberRange(min=0, message="A limit cannot be negative.")],
    )


class TermsForm(FlaskForm):
    purpose = TextAreaField(
        "Purpose", description="What the sub-group is for.", validators=[Length(max=10_000)]
    )
    membership = TextAreaField(
        "Membership and composition",
        description="Who sits on it, and the rules for its make-up (e.g. at least one parent).",
        validators=[Length(max=10_000)],
    )
    chair = StringField(
        "Chair",
        description="Who chairs it, or how the chair is chosen.",
        validators=[Length(max=500)],
    )
    quorum = StringField(
        "Quorum",
        description="E.g. “Three members, including a parent”.",
        validators=[Length(max=500)],
    )
    quorum_min_count = IntegerField(
        "Voting members needed for a quorum",
        description="The number decisions are checked against once the board approves these terms.",
        validators=[
            InputRequired(message="Say how many voting members make a quorum."),
            NumberRange(1, MAX_QUORUM),
        ],
    )
    quorum_category = SelectField(
        "Of whom at least some must hold a seat of this kind",
        choices=options([("", "— no such condition —"), *QUORUM_CATEGORIES.items()]),
        validators=[Optional()],
    )
    quorum_category_count = IntegerField(
        "How many of that kind",
        description="E.g. 1 for “two members, one of them a parent”.",
        validators=[Optional(), NumberRange(1, MAX_QUORUM)],
    )
    meeting_frequency = StringField(
        "How often it meets", description="E.g. “Every six weeks”.", validators=[Length(max=200)]
    )
    reporting_every = IntegerField(
        "Reports to the parent board every",
        validators=[
            InputRequired(message="Say how often it reports."),
            NumberRange(1, MAX_REPORTING_EVERY),
        ],
    )
    reporting_basis = SelectField(
        "meetings or months",
        choices=options([("meetings", "meetings of the sub-group"), ("months", "months")]),
        validators=[InputRequired()],
    )
    review_on = DateField(
        "Review by", validators=[InputRequired(message="Give the date of the next review.")]
    )
    authorities = FieldList(FormField(AuthorityRow), min_entries=SPARE_AUTHORITY_ROWS)
    submit = SubmitField("Save the draft")

    def values(self) -> dict[str, Any]:
        """The form's values as the operations take them (limits in pence)."""
        return {
            "purpose": self.purpose.data or "",
            "membership": self.membership.data or "",
            "chair": self.chair.data or "",
            "quorum": self.quorum.data or "",
            "quorum_min_count": self.quorum_min_count.data,
            "quorum_category_minimums": self._category_minimums(),
            "meeting_frequency": self.meeting_frequency.data or "",
            "reporting_every": self.reporting_every.data,
            "reporting_basis": self.reporting_basis.data,
            "review_on": self.review_on.data,
            "authorities": [
                (row.form.kind.data or "", to_pence(row.form.limit.data))
                for row in self.authorities
            ],
        }

    def _category_minimums(self) -> dict[str, Any]:
        """The seat category condition of the quorum, if one is chosen."""
        category = (self.quorum_category.data or "").strip()
        if not category:
            return {}
        return {category: self.quorum_category_count.data}

    def fill_quorum(self, count: int | None, minimums: dict[str, int] | None) -> None:
        """Fill the quorum fields from a version's numbers."""
        self.quorum_min_count.data = count
        category, n = next(iter(sorted((minimums or {}).items())), ("", None))
        self.quorum_category.data, self.quorum_category_count.data = category, n


class ApproveForm(FlaskForm):
    decision_id = SelectField(
        "The board's decision approving this version",
        coerce=optional_id,
        validators=[InputRequired(message="Choose the decision that approved them.")],
    )
    submit = SubmitField("Record the approval")


class ReportForm(FlaskForm):
    subgroup_id = SelectField(
        "Sub-group", coerce=optional_id, validators=[InputRequired(message="Choose one.")]
    )
    agenda_item_id = SelectField(
        "Received under",
        coerce=optional_id,
        description="The item of the board's meeting at which the report was received.",
        validators=[InputRequired(message="Choose the agenda item.")],
    )
    summary = TextAreaField("What it reported", validators=[Length(max=10_000)])
    submit = SubmitField("Record the report")


class ReferForm(FlaskForm):
    submit = SubmitField("Put on the next agenda")


class SubgroupDecisionForm(DecisionForm):
    """The decision form for a sub-group's item: it also asks what kind of decision it is."""

    authority_kind = SelectField(
        "What kind of decision is this?",
        description="From the kinds its terms of reference delegate to it. Anything else is "
        "recorded as a recommendation to the parent board.",
        validators=[InputRequired(message="Say what kind of decision this is.")],
    )
    amount_committed = DecimalField(
        "Money it commits (£)",
        places=2,
        description="Leave blank if it commits none.",
        validators=[Optional(), NumberRange(min=0, message="The amount cannot be negative.")],
    )
