"""Pure rules for sub-groups: delegated authority, terms of reference, reporting and review.

No Flask and no session: plain values in, a result out, or DomainError to refuse.
"""

from __future__ import annotations

import calendar
import enum
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from governance.errors import DomainError
from governance.subgroups.models import QUORUM_CATEGORIES, describe_terms_quorum

#: Warn this many days before a review date.
REVIEW_WARNING_DAYS = 60
#: The longest reporting interval the form accepts (meetings or months).
MAX_REPORTING_EVERY = 24


@dataclass(frozen=True)
class Authority:
    """One entry of delegated authority: a kind of decision and the most it may commit."""

    kind: str
    #: In pence; None means decisions of this kind may commit no money.
    limit_pence: int | None = None


@dataclass(frozen=True)
class Ruling:
    """Whether a decision falls inside the delegated authority, and why."""

    within: bool
    reason: str


def pounds(pence: int | None) -> str:
    """An amount in pence written in pounds: £5,000 or £12.50."""
    if pence is None:
        return "—"
    whole, part = divmod(pence, 100)
    return f"£{whole:,}" if part == 0 else f"£{whole:,}.{part:02d}"


def same_kind(a: str, b: str) -> bool:
    """Kinds match whatever their case and spacing."""
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def authority_ruling(
    authorities: Sequence[Authority], kind: str | None, amount_pence: int | None
) -> Ruling:
    """Whether a decision of `kind` committing `amount_pence` is inside the delegated authority.

    No authority at all (or no approved terms) means everything is outside. A kind with no
    spending limit may commit no money; with a limit, up to and including it.

    Raises:
        DomainError: the amount is negative.
    """
    if amount_pence is not None and amount_pence < 0:
        raise DomainError("The amount committed cannot be negative.", field="amount_committed")
    if not authorities:
        return Ruling(False, "The sub-group has no delegated authority, so it can only recommend.")
    if not kind or not kind.strip():
        return Ruling(False, "Not a kind of decision its terms of reference delegate to it.")
    entry = next((a for a in authorities if same_kind(a.kind, kind)), None)
    if entry is None:
        return Ruling(False, f"“{kind.strip()}” is not a kind of decision delegated to it.")
    spend = amount_pence or 0
    if spend == 0:
        return Ruling(True, f"Within its delegated authority: “{entry.kind}”.")
    if entry.limit_pence is None:
        return Ruling(
            False,
            f"“{entry.kind}” carries no authority to commit money; {pounds(spend)} is for the "
            "parent board.",
        )
    if spend > entry.limit_pence:
        return Ruling(
            False,
            f"{pounds(spend)} is over the {pounds(entry.limit_pence)} limit for “{entry.kind}”.",
        )
    return Ruling(
        True, f"Within its delegated authority: “{entry.kind}”, up to {pounds(entry.limit_pence)}."
    )


# Terms of reference ------------------------------------------------------------------------

TEXT_FIELDS = {
    "purpose": "Say what the sub-group is for.",
    "membership": "Say who sits on the sub-group and how its membership is made up.",
    "chair": "Say who chairs the sub-group, or how the chair is chosen.",
    "quorum": "Say how many members make a quorum.",
    "meeting_frequency": "Say how often the sub-group meets.",
}


def check_authorities(entries: Iterable[tuple[str, int | None]]) -> list[Authority]:
    """The authority entries, tidied; blank rows dropped.

    Raises:
        DomainError: a kind is listed twice, or a limit is negative.
    """
    kept: list[Authority] = []
    for kind, limit in entries:
        kind = " ".join((kind or "").split())
        if not kind:
            if limit is not None:
                raise DomainError("Name the kind of decision each limit applies to.", "authorities")
            continue
        if limit is not None and limit < 0:
            raise DomainError("A spending limit cannot be negative.", field="authorities")
        if any(same_kind(k.kind, kind) for k in kept):
            raise DomainError(f"“{kind}” is listed twice.", field="authorities")
        kept.append(Authority(kind, limit))
    return kept


#: The largest quorum the form accepts.
MAX_QUORUM = 100


def check_quorum(count: Any, minimums: Mapping[str, Any] | None) -> tuple[int, dict[str, int]]:
    """The quorum in numbers: how many voting members, and how many of a seat category.

    Raises:
        DomainError: no count, a count out of range, an unknown category, or a category
            minimum larger than the whole quorum.
    """
    if isinstance(count, bool) or not isinstance(count, int) or not 1 <= count <= MAX_QUORUM:
        raise DomainError("Say how many voting members make a quorum.", field="quorum_min_count")
    kept: dict[str, int] = {}
    for category, n in (minimums or {}).items():
        if category not in QUORUM_CATEGORIES:
            raise DomainError("Choose a seat category from the list.", field="quorum_category")
        if isinstance(n, bool) or not isinstance(n, int) or n < 0:
            raise DomainError(
                "Say how many members of that category are needed.", field="quorum_category_count"
            )
        if n > count:
            raise DomainError(
                f"The quorum cannot need more {QUORUM_CATEGORIES[category]} members than the "
                f"quorum itself ({count}).",
                field="quorum_category_count",
            )
        if n:
            kept[category] = n
    return count, kept


@dataclass(frozen=True)
class BoardQuorum:
    """A board's quorum rule as plain values."""

    min_count: int | None
    fraction: tuple[int, int] | None
    category_minimums: Mapping[str, int]
    #: The rule in words.
    words: str


def quorum_mismatch(
    board_name: str,
    rule: BoardQuorum,
    version: int,
    count: int | None,
    minimums: Mapping[str, int] | None,
    words: str,
) -> str | None:
    """Why a sub-group's quorum rule does not follow its approved terms, or None if it does."""
    if count is None:
        return (
            f"The quorum of {board_name} differs from its terms of reference, or cannot be "
            f"checked against them: version {version} gives it only in words (“{words}”), and "
            f"decisions are checked against the board's rule ({rule.words}). Set the quorum "
            "in numbers in a new version of the terms."
        )
    wanted = {c: n for c, n in (minimums or {}).items() if n}
    has = {c: n for c, n in (rule.category_minimums or {}).items() if n}
    if (rule.min_count or 1) == count and rule.fraction is None and has == wanted:
        return None
    return (
        f"The quorum rule of {board_name} ({rule.words}) differs from its terms of reference "
        f"in force (version {version}: {describe_terms_quorum(count, minimums)}). Decisions "
        "are checked against the board's rule until the two agree: approve the terms again, "
        "or correct the board's rule."
    )


def check_terms(values: Mapping[str, Any]) -> dict[str, Any]:
    """The terms of reference as they will be saved, each text tidied.

    Raises:
        DomainError: a part is missing, or the reporting duty or review date is unusable.
    """
    cleaned: dict[str, Any] = {}
    for name, message in TEXT_FIELDS.items():
        text = str(values.get(name) or "").strip()
        if not text:
            raise DomainError(message, field=name)
        cleaned[name] = text
    every = values.get("reporting_every")
    if not isinstance(every, int) or not 1 <= every <= MAX_REPORTING_EVERY:
        raise DomainError(
            f"Report at least every {MAX_REPORTING_EVERY} meetings or months, and at most every "
            "one.",
            field="reporting_every",
        )
    cleaned["reporting_every"] = every
    cleaned["reporting_basis"] = values.get("reporting_basis")
    if cleaned["reporting_basis"] not in ("meetings", "months"):
        raise DomainError("Choose meetings or months.", field="reporting_basis")
    if not isinstance(values.get("review_on"), date):
        raise DomainError("Give the date by which these terms are reviewed.", field="review_on")
    cleaned["review_on"] = values["review_on"]
    cleaned["quorum_min_count"], cleaned["quorum_category_minimums"] = check_quorum(
        values.get("quorum_min_count"), values.get("quorum_category_minimums")
    )
    cleaned["authorities"] = check_authorities(values.get("authorities") or [])
    return cleaned


def describe_duty(every: int, basis: str) -> str:
    """The reporting duty in words."""
    if every == 1:
        return (
            "A report to the parent board after every meeting"
            if basis == "meetings"
            else ("A report to the parent board every month")
        )
    return f"A report to the parent board every {every} {basis}"


# Reporting and review ----------------------------------------------------------------------


class ReportingState(enum.StrEnum):
    NO_DUTY = "no_duty"
    ON_TRACK = "on_track"
    DUE = "due"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {
            "no_duty": "No reporting duty",
            "on_track": "Up to date",
            "due": "Report due",
            "overdue": "Overdue",
        }[self.value]


@dataclass(frozen=True)
class ReportingStatus:
    state: ReportingState
    last_report_on: date | None
    due_on: date | None
    message: str


def add_months(day: date, months: int) -> date:
    """The same day `months` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _day(value: date | None) -> str:
    return value.strftime("%-d %b %Y") if value else "—"


def reporting_status(
    every: int | None,
    basis: str | None,
    since: date | None,
    reports: Iterable[date],
    subgroup_meetings: Iterable[date],
    parent_meetings: Iterable[date],
    today: date,
) -> ReportingStatus:
    """Whether a sub-group is up to date with its reports to the parent board.

    `since` is when its terms of reference first came into force; reports, the sub-group's
    held meetings and the parent's meetings are days. Every N months: overdue once N months
    have passed since the last report. Every N meetings: due once the sub-group has held N
    meetings since its last report, and overdue once the parent has met after that without one.
    """
    if every is None or basis is None or since is None:
        return ReportingStatus(ReportingState.NO_DUTY, None, None, "No approved reporting duty.")
    received = [d for d in reports if d <= today]
    last = max(received) if received else None
    start = max(last, since) if last else since
    lead = f"Last report {_day(last)}." if last else "No report received yet."
    if basis == "months":
        due = add_months(start, every)
        if today > due:
            return ReportingStatus(
                ReportingState.OVERDUE, last, due, f"{lead} One was due by {_day(due)}."
            )
        return ReportingStatus(
            ReportingState.ON_TRACK, last, due, f"{lead} Next due by {_day(due)}."
        )
    held = sorted(d for d in subgroup_meetings if start < d <= today)
    if len(held) < every:
        left = every - len(held)
        return ReportingStatus(
            ReportingState.ON_TRACK,
            last,
            None,
            f"{lead} Next due after {left} more meeting{'s' if left != 1 else ''}.",
        )
    nth = held[every - 1]
    after = sorted(d for d in parent_meetings if d > nth)
    if after and after[0] <= today:
        return ReportingStatus(
            ReportingState.OVERDUE,
            last,
            after[0],
            f"{lead} One was due at the board's meeting on {_day(after[0])}.",
        )
    due_on = after[0] if after else None
    where = f"the board's meeting on {_day(due_on)}" if due_on else "the board's next meeting"
    return ReportingStatus(ReportingState.DUE, last, due_on, f"{lead} One is due at {where}.")


class ReviewState(enum.StrEnum):
    NONE = "none"
    OK = "ok"
    SOON = "soon"
    PAST = "past"

    @property
    def label(self) -> str:
        return {
            "none": "No approved terms",
            "ok": "In date",
            "soon": "Review due soon",
            "past": "Past review date",
        }[self.value]


def review_state(review_on: date | None, today: date) -> ReviewState:
    """Whether terms of reference are past, or near, the date they should be reviewed by."""
    if review_on is None:
        return ReviewState.NONE
    if review_on < today:
        return ReviewState.PAST
    if (review_on - today).days <= REVIEW_WARNING_DAYS:
        return ReviewState.SOON
    return ReviewState.OK


# Approval and comparison -------------------------------------------------------------------


def check_editable(status: str, version: int) -> None:
    """Only a draft may change.

    Raises:
        DomainError: the version has been approved (or superseded).
    """
    if status != "draft":
        raise DomainError(
            f"Version {version} has been approved and never changes; start a new version instead."
        )


def check_approval(
    *,
    terms_status: str,
    parent_board_id: int | None,
    decision_board_id: int,
    is_recommendation: bool,
    decision_status: str,
) -> None:
    """Terms of reference are approved by a standing decision of the parent board.

    Raises:
        DomainError: the version is not a draft, or the decision cannot approve it.
    """
    if terms_status != "draft":
        raise DomainError("Only a draft can be approved; this version already has been.")
    if parent_board_id is None:
        raise DomainError("Only a sub-group has terms of reference to approve.")
    if decision_board_id != parent_board_id:
        raise DomainError(
            "Terms of reference are approved by a decision of the board the sub-group reports "
            "to; that decision belongs to another board.",
            field="decision_id",
        )
    if is_recommendation:
        raise DomainError(
            "That is a recommendation, not a decision; the board must decide to approve them.",
            field="decision_id",
        )
    if decision_status == "superseded":
        raise DomainError(
            "That decision has been superseded; choose the decision now in force.",
            field="decision_id",
        )


@dataclass(frozen=True)
class Change:
    label: str
    before: str
    after: str


COMPARED = (
    ("purpose", "Purpose"),
    ("membership", "Membership and composition"),
    ("chair", "Chair"),
    ("quorum", "Quorum"),
    ("quorum_rule", "Quorum in numbers"),
    ("meeting_frequency", "Meetings"),
    ("reporting", "Reporting duty"),
    ("review_on", "Review by"),
)


def _authority_text(a: Authority) -> str:
    return a.kind + (f" (up to {pounds(a.limit_pence)})" if a.limit_pence is not None else "")


def compare_terms(old: Mapping[str, Any], new: Mapping[str, Any]) -> list[Change]:
    """What changed between two versions, part by part, with authority entries one by one."""
    changes = [
        Change(label, str(old.get(key, "")), str(new.get(key, "")))
        for key, label in COMPARED
        if old.get(key, "") != new.get(key, "")
    ]
    before = {a.kind.casefold(): a for a in old["authorities"]}
    after = {a.kind.casefold(): a for a in new["authorities"]}
    for key in [*before, *(k for k in after if k not in before)]:
        was, now = before.get(key), after.get(key)
        if was != now:
            changes.append(
                Change(
                    "Delegated authority",
                    _authority_text(was) if was else "—",
                    _authority_text(now) if now else "—",
                )
            )
    return changes
