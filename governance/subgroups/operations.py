"""The writes of the sub-groups area: draft and approve terms of reference, record reports."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.boards.models import Board
from governance.decisions.models import Decision
from governance.errors import DomainError
from governance.extensions import db
from governance.meetings.models import AgendaItem
from governance.subgroups import rules
from governance.subgroups.models import (
    DelegatedAuthority,
    ReportingBasis,
    SubgroupReport,
    TermsOfReference,
    TermsStatus,
)

if TYPE_CHECKING:
    from governance.auth.models import User


def _terms_of(board: Board, status: TermsStatus) -> TermsOfReference | None:
    return db.session.execute(
        sa.select(TermsOfReference).where(
            TermsOfReference.board_id == board.id, TermsOfReference.status == status
        )
    ).scalar_one_or_none()


def _set_authorities(terms: TermsOfReference, entries: list[rules.Authority]) -> list[str] | None:
    """Replace the entries; return the new list for the audit log, or None if unchanged."""
    before = [(a.kind, a.spending_limit_pence) for a in terms.authorities]
    after = [(a.kind, a.limit_pence) for a in entries]
    if before == after:
        return None
    terms.authorities = [
        DelegatedAuthority(position=n, kind=a.kind, spending_limit_pence=a.limit_pence)
        for n, a in enumerate(entries, start=1)
    ]
    return [
        f"{kind} (up to {rules.pounds(limit)})" if limit is not None else kind
        for kind, limit in after
    ]


def _apply(terms: TermsOfReference, values: dict[str, Any]) -> dict[str, list[Any]]:
    cleaned = rules.check_terms(values)
    entries = cleaned.pop("authorities")
    cleaned["reporting_basis"] = ReportingBasis(cleaned["reporting_basis"])
    changes = apply_changes(terms, cleaned)
    authorities = _set_authorities(terms, entries)
    if authorities is not None:
        changes["authorities"] = [None, authorities]
    return changes


def start_draft(actor: User | None, subgroup: Board, values: dict[str, Any]) -> TermsOfReference:
    """Start a new version of a sub-group's terms of reference, as a draft."""
    if subgroup.parent_id is None:
        raise DomainError("Only a sub-group has terms of reference; this board reports to none.")
    existing = _terms_of(subgroup, TermsStatus.DRAFT)
    if existing is not None:
        raise DomainError(
            f"Version {existing.version} is already in draft; change it rather than starting "
            "another."
        )
    last = db.session.execute(
        sa.select(sa.func.max(TermsOfReference.version)).where(
            TermsOfReference.board_id == subgroup.id
        )
    ).scalar()
    terms = TermsOfReference(
        board_id=subgroup.id,
        version=(last or 0) + 1,
        status=TermsStatus.DRAFT,
        created_by_id=actor.id if actor is not None else None,
    )
    db.session.add(terms)
    changes = _apply(terms, values)
    record_event(
        actor,
        "terms.create",
        terms,
        f"Drafted version {terms.version} of the terms of reference of {subgroup.name}",
        changes,
    )
    return terms


def save_draft(
    actor: User | None, terms: TermsOfReference, values: dict[str, Any]
) -> TermsOfReference:
    """Change a draft; approved versions never change."""
    rules.check_editable(terms.status.value, terms.version)
    changes = _apply(terms, values)
    if changes:
        record_event(
            actor,
            "terms.update",
            terms,
            f"Changed draft version {terms.version} of the terms of reference of "
            f"{terms.board.name}",
            changes,
        )
    return terms


def approve_terms(
    actor: User | None, terms: TermsOfReference, decision: Decision
) -> TermsOfReference:
    """Approve a draft by a decision of the parent board; it supersedes the version in force."""
    rules.check_approval(
        terms_status=terms.status.value,
        parent_board_id=terms.board.parent_id,
        decision_board_id=decision.board_id,
        is_recommendation=decision.is_recommendation,
        decision_status=decision.status.value,
    )
    previous = _terms_of(terms.board, TermsStatus.APPROVED)
    if previous is not None:
        previous.status = TermsStatus.SUPERSEDED
        previous.superseded_at = decision.taken_at
        record_event(
            actor,
            "terms.supersede",
            previous,
            f"Version {previous.version} of the terms of reference of {terms.board.name} "
            f"superseded by version {terms.version}",
            {"status": ["approved", "superseded"]},
        )
    terms.status = TermsStatus.APPROVED
    terms.approved_by_decision_id = decision.id
    terms.approved_at = decision.taken_at
    record_event(
        actor,
        "terms.approve",
        terms,
        f"Approved version {terms.version} of the terms of reference of {terms.board.name} "
        f"by decision {decision.number}",
        {"status": ["draft", "approved"], "approved_by": [None, decision.number]},
    )
    _follow_terms(actor, terms)
    return terms


def _follow_terms(actor: User | None, terms: TermsOfReference) -> None:
    """The sub-group's quorum rule becomes the one its newly approved terms set in numbers."""
    if terms.quorum_min_count is None:
        return  # a version with the quorum in words only: flagged where the rule is used
    board = terms.board
    changes = apply_changes(
        board,
        {
            "quorum_min_count": terms.quorum_min_count,
            "quorum_fraction_numerator": None,
            "quorum_fraction_denominator": None,
            "quorum_category_minimums": dict(terms.quorum_category_minimums or {}),
        },
    )
    if changes:
        record_event(
            actor,
            "board.quorum",
            board,
            f"The quorum of {board.name} set by version {terms.version} of its terms of "
            f"reference: {terms.quorum_in_numbers}",
            changes,
        )


def record_report(
    actor: User | None, subgroup: Board, item: AgendaItem, summary: str
) -> SubgroupReport:
    """Record that the parent board received a sub-group's report under one of its items."""
    meeting = item.meeting
    if subgroup.parent_id is None or meeting.board_id != subgroup.parent_id:
        raise DomainError(
            "A sub-group reports to its own parent board; choose an item of that board's meetings.",
            field="agenda_item_id",
        )
    if not meeting.is_open:
        raise DomainError(
            f"Reports are received at meetings that have been called or held; this one is "
            f"{meeting.status.label.lower()}.",
            field="agenda_item_id",
        )
    duplicate = db.session.execute(
        sa.select(SubgroupReport.id).where(
            SubgroupReport.subgroup_id == subgroup.id, SubgroupReport.agenda_item_id == item.id
        )
    ).first()
    if duplicate is not None:
        raise DomainError(
            f"The report of {subgroup.name} is already recorded under that item.",
            field="subgroup_id",
        )
    report = SubgroupReport(
        subgroup_id=subgroup.id,
        agenda_item_id=item.id,
        summary=summary.strip(),
        recorded_by_id=actor.id if actor is not None else None,
    )
    db.session.add(report)
    record_event(
        actor,
        "subgroup_report.create",
        report,
        f"Recorded the report of {subgroup.name} at meeting {meeting.id}",
        {"subgroup": [None, subgroup.code], "agenda_item": [None, item.id]},
    )
    return report
