"""Pure rules of the minutes: the document's shape, its canonical text, and when it may change."""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from governance.actions.rules import LOCKED, ActionLine
from governance.errors import DomainError

if TYPE_CHECKING:
    from governance.decisions.models import Decision

#: The one refusal every write to approved minutes gives.
NOT_HELD = "Minutes are written once the meeting has been held."
#: The agenda item at which the next meeting approves these minutes.
APPROVAL_ITEM = "Minutes of the last meeting"
NO_LATER_MEETING = "There is no later meeting of the board yet; schedule one first."
#: Longest note on one item; a note is a summary of discussion, not a transcript.
MAX_NOTE_CHARS = 20_000


@dataclass(frozen=True)
class AttendeeLine:
    """One person in an attendance list, with the seat, role or times that explain them."""

    name: str
    detail: str = ""


@dataclass(frozen=True)
class DeclarationLine:
    person: str
    nature: str
    action: str
    #: Who granted a dispensation and why; empty otherwise.
    dispensation: str = ""


@dataclass(frozen=True)
class DecisionLine:
    number: str
    resolution: str
    rationale: str
    alternatives: str
    method: str
    named_votes: tuple[str, ...]
    dissent: str
    recommendation: bool
    quorate: bool
    #: Plain words on quorum, saying so outright when the meeting was inquorate.
    quorum: str
    relied_on_late_papers: bool


@dataclass(frozen=True)
class LatePaperLine:
    title: str
    version: int
    circulated: str
    reason: str
    #: The chair who agreed to the late paper.
    consent_by: str


@dataclass(frozen=True)
class ItemSection:
    item_id: int
    #: The item's agenda position, so numbers agree between the full and public minutes.
    number: int
    title: str
    purpose: str
    confidential: bool
    notes: str
    declarations: tuple[DeclarationLine, ...]
    decisions: tuple[DecisionLine, ...]
    late_papers: tuple[LatePaperLine, ...]
    actions: tuple[ActionLine, ...]

    @property
    def inquorate(self) -> bool:
        return any(not d.quorate for d in self.decisions)


@dataclass(frozen=True)
class CorrectionLine:
    """A correction to the register made after decisions were recorded, as the minutes say it."""

    #: When it was made, in the board's timezone: "12 November 2026, 09:30".
    when: str
    #: Who made it; empty when not recorded.
    by: str
    #: Each line of the register changed: "Pat Parent: from Present to Apologies".
    changes: tuple[str, ...]
    #: Why, in the words of whoever corrected it (written for the record).
    reason: str
    #: That the decisions it concerns keep what they counted, naming only those shown.
    decisions: str


@dataclass(frozen=True)
class MinutesDocument:
    """The minutes of one meeting as a tree of plain values, ready to show or hash."""

    board: str
    meeting: str
    when: str
    where: str
    public: bool
    present: tuple[AttendeeLine, ...]
    apologies: tuple[AttendeeLine, ...]
    absent: tuple[AttendeeLine, ...]
    deputies: tuple[AttendeeLine, ...]
    in_attendance: tuple[AttendeeLine, ...]
    #: Why the agenda went out late and who agreed; empty when it was on time.
    late_agenda: str
    items: tuple[ItemSection, ...]
    #: Confidential items left out of a public version.
    left_out: int = 0
    #: Corrections to the register made after decisions were recorded, oldest first.
    corrections: tuple[CorrectionLine, ...] = ()


# Wording -----------------------------------------------------------------------------------


def quorum_wording(quorate: bool, snapshot: Mapping[str, Any], recommendation: bool) -> str:
    """Quorum at the moment of decision, in words; an inquorate meeting is said so plainly."""
    counted, required = snapshot.get("counted"), snapshot.get("required")
    counts = (
        f"{counted} voting member{'s' if counted != 1 else ''} counted; {required} needed"
        if counted is not None and required is not None
        else "counts not recorded"
    )
    if quorate:
        return f"Quorate ({counts})."
    shortfalls = " ".join(snapshot.get("shortfalls") or []) or counts + "."
    consequence = (
        "It stands as a recommendation only, not a decision of the board."
        if recommendation
        else "The board took it while inquorate."
    )
    return f"The meeting was NOT QUORATE for this item: {shortfalls} {consequence}"


def method_wording(
    method_label: str, votes_for: int | None, against: int | None, abstentions: int | None
) -> str:
    """How the board decided, with the counts of a vote."""
    if votes_for is None:
        return method_label + "."
    return (
        f"{method_label}: {votes_for} for, {against or 0} against, {abstentions or 0} abstaining."
    )


def alternatives_wording(alternatives: str, no_alternatives_reason: str | None) -> str:
    """The options rejected, or why there were none."""
    if alternatives.strip():
        return alternatives.strip()
    if no_alternatives_reason:
        return f"None considered: {no_alternatives_reason.strip()}"
    return "None recorded."


def attendance_times(arrived: datetime | None, departed: datetime | None, fmt: str) -> str:
    """'arrived 10:20, left 11:05' for someone not there the whole meeting."""
    parts = []
    if arrived is not None:
        parts.append(f"arrived {arrived.strftime(fmt)}")
    if departed is not None:
        parts.append(f"left {departed.strftime(fmt)}")
    return ", ".join(parts)


def register_state(label: str | None, arrived: str = "", departed: str = "") -> str:
    """One person's line of the register in words: "Present (arrived 10:20)"."""
    if not label:
        return "not on the register"
    times = ", ".join(
        part for part in (arrived and f"arrived {arrived}", departed and f"left {departed}") if part
    )
    return f"{label} ({times})" if times else label


def register_change(name: str, before: str, after: str) -> str:
    """What a correction changed for one person."""
    return f"{name}: from {before} to {after}"


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def decisions_kept(numbers: list[str], hidden: int) -> str:
    """That the decisions a correction concerns keep what they counted, naming only those the
    reader may see (`numbers`) and counting the rest, on confidential items."""
    total = len(numbers) + hidden
    if not total:
        return "No decision's count is affected."
    parts = []
    if numbers:
        parts.append(("Decision " if len(numbers) == 1 else "Decisions ") + _and(numbers))
    if hidden:
        parts.append(
            f"{hidden} decision on a confidential item"
            if hidden == 1
            else f"{hidden} decisions on confidential items"
        )
    if total == 1:
        return f"{parts[0]} keeps what it counted for its quorum when it was taken."
    return f"{' and '.join(parts)} keep what they counted for their quorum when they were taken."


def circulation_mail(board: str, meeting: str, day: str, link: str) -> tuple[str, str]:
    """Subject and body of the mail that sends draft minutes to members."""
    body = (
        f"The draft minutes of {board}: {meeting} on {day} are ready.\n\n"
        "Please read them before the next meeting, where they will be put for approval, and "
        f"tell the secretary of any correction.\n\nRead them: {link}\n"
    )
    return f"Draft minutes: {board}, {day}", body


def changes_for_mail(changes: tuple[SectionChange, ...]) -> str:
    """What changed for one recipient's mail, or a line saying nothing they may see did."""
    return changes_text(changes) or "Nothing you may see has changed.\n"


def changed_mail(
    board: str, meeting: str, day: str, version: int, circulated: str, changes: str, link: str
) -> tuple[str, str]:
    """Subject and body of the mail telling members circulated minutes have changed."""
    body = (
        f"The draft minutes of {board}: {meeting} on {day} have changed since version "
        f"{version} was circulated to you on {circulated}.\n\nWhat changed:\n\n{changes}\n"
        f"The secretary will circulate the new version (version {version + 1}) before the "
        f"minutes are put for approval.\n\nSee the changes: {link}\n"
    )
    return f"Draft minutes changed: {board}, {day}", body


def recirculation_mail(
    board: str, meeting: str, day: str, version: int, changes: str, link: str
) -> tuple[str, str]:
    """Subject and body of the mail that sends a new version of draft minutes to members."""
    body = (
        f"Version {version} of the draft minutes of {board}: {meeting} on {day} is ready. "
        f"It replaces version {version - 1}.\n\nWhat changed:\n\n{changes}\n"
        "Please read them before the next meeting, where they will be put for approval, and "
        f"tell the secretary of any correction.\n\nRead them: {link}\n"
    )
    return f"Draft minutes, version {version}: {board}, {day}", body


def decision_line(d: Decision) -> DecisionLine:
    """A decision as the minutes record it, quorum and all."""
    return DecisionLine(
        number=d.number,
        resolution=d.resolution,
        rationale=d.rationale,
        alternatives=alternatives_wording(d.alternatives, d.no_alternatives_reason),
        method=method_wording(d.method.label, d.votes_for, d.votes_against, d.abstentions),
        named_votes=tuple(
            f"{v.person.full_name}: {v.vote.value}"
            for v in sorted(d.votes, key=lambda v: v.person.full_name)
        ),
        dissent=d.dissent.strip(),
        recommendation=d.is_recommendation,
        quorate=d.quorate,
        quorum=quorum_wording(d.quorate, d.quorum_snapshot or {}, d.is_recommendation),
        relied_on_late_papers=d.relied_on_late_papers,
    )


# When minutes may change -------------------------------------------------------------------


def check_not_locked(approved: bool) -> None:
    """Approved minutes never change.

    Raises:
        DomainError: the minutes are approved.
    """
    if approved:
        raise DomainError(LOCKED)


def check_notes(approved: bool, notes: Mapping[int, str], item_ids: set[int]) -> dict[str, str]:
    """Notes for items of this meeting, stripped, empty ones dropped, keyed as stored.

    Notes may change after circulation too: the change makes a new draft version.

    Raises:
        DomainError: the minutes are approved, an item is not on the agenda, or a note is
            too long.
    """
    check_not_locked(approved)
    cleaned: dict[str, str] = {}
    for item_id, text in notes.items():
        if item_id not in item_ids:
            raise DomainError("That item is not on this meeting's agenda.")
        text = (text or "").strip()
        if len(text) > MAX_NOTE_CHARS:
            raise DomainError(
                f"Keep the note under {MAX_NOTE_CHARS:,} characters.", field=f"item_{item_id}"
            )
        if text:
            cleaned[str(item_id)] = text
    return cleaned


def check_circulate(draft: bool, approved: bool, meeting_held: bool) -> None:
    """Draft minutes of a held meeting go to members once.

    Raises:
        DomainError: the minutes are approved or already circulated, or the meeting not held.
    """
    check_not_locked(approved)
    if not draft:
        raise DomainError(
            "These minutes have already been circulated, and nothing has changed since."
        )
    if not meeting_held:
        raise DomainError("Minutes can be circulated only once the meeting has been held.")


def check_approval(
    circulated: bool,
    approved: bool,
    same_board: bool,
    minutes_meeting_starts: datetime,
    decision_meeting_starts: datetime,
    recommendation: bool,
) -> None:
    """Circulated minutes are approved by a decision of a later meeting of the same board.

    Raises:
        DomainError: the minutes are locked or not yet circulated, or the decision is not one
            of a later meeting of the board, or is only a recommendation.
    """
    check_not_locked(approved)
    if not circulated:
        raise DomainError("Circulate the draft minutes to members before they are approved.")
    if not same_board:
        raise DomainError("Choose a decision of this board.", field="decision_id")
    if decision_meeting_starts <= minutes_meeting_starts:
        raise DomainError(
            "Minutes are approved by a decision at a later meeting of the board.",
            field="decision_id",
        )
    if recommendation:
        raise DomainError(
            "That was recorded as a recommendation (the meeting was inquorate or outside its "
            "authority); it cannot approve minutes.",
            field="decision_id",
        )


def check_unchanged(changed_since: int | None) -> None:
    """Members approve the version they were sent, so a change must be circulated first.

    Raises:
        DomainError: the record has changed since version `changed_since` was circulated.
    """
    if changed_since is not None:
        raise DomainError(
            f"The minutes have changed since version {changed_since} was circulated. "
            f"Circulate version {changed_since + 1} to members before it is approved."
        )


def is_minutes_item(title: str) -> bool:
    """Whether an agenda item is the one where minutes of the last meeting are approved."""
    return "minutes" in title.lower()


# The canonical text ------------------------------------------------------------------------


def _people(heading: str, lines: tuple[AttendeeLine, ...]) -> list[str]:
    out = [f"{heading}:"]
    out += [f"  - {p.name}" + (f" ({p.detail})" if p.detail else "") for p in lines] or ["  None"]
    return out


def _indent(text: str) -> list[str]:
    return ["    " + line if line else "" for line in text.splitlines()]


def _decision(d: DecisionLine) -> list[str]:
    kind = "Recommendation" if d.recommendation else "Decision"
    out = [f"  {kind} {d.number}", "   Resolved:", *_indent(d.resolution)]
    out += ["   Reasons:", *_indent(d.rationale)]
    out += ["   Alternatives considered:", *_indent(d.alternatives)]
    out += [f"   How decided: {d.method}"]
    out += [f"    {v}" for v in d.named_votes]
    if d.dissent:
        out += ["   Dissent:", *_indent(d.dissent)]
    out += [f"   Quorum: {d.quorum}"]
    if d.relied_on_late_papers:
        out += ["   This decision relied on a paper circulated after the deadline."]
    return out


def _item(section: ItemSection) -> list[str]:
    out = ["", f"{section.number}. {section.title} ({section.purpose})"]
    if section.confidential:
        out.append("  Confidential item.")
    if section.declarations:
        out.append("  Declarations of interest:")
        for dec in section.declarations:
            line = f"   - {dec.person}: {dec.nature}. {dec.action}."
            out.append(line + (f" {dec.dispensation}" if dec.dispensation else ""))
    if section.late_papers:
        out.append("  Papers circulated late:")
        for p in section.late_papers:
            out.append(
                f"   - {p.title} (version {p.version}), circulated {p.circulated}. "
                f"Reason: {p.reason}"
                + (f" Agreed by the chair, {p.consent_by}." if p.consent_by else "")
            )
    if section.notes:
        out += ["  Notes:", *_indent(section.notes)]
    for d in section.decisions:
        out += _decision(d)
    if section.actions:
        out.append("  Actions:")
        out += [f"   - {a.title}: {a.owner}, by {a.due}" for a in section.actions]
    return out


#: What the minutes say before the corrections to the register.
CORRECTED = "The attendance register was corrected after decisions were recorded."


def _corrections(corrections: tuple[CorrectionLine, ...]) -> list[str]:
    if not corrections:
        return []
    out = ["Corrections to the register:", f"  {CORRECTED}"]
    for c in corrections:
        out.append(f"  - {c.when}" + (f", by {c.by}:" if c.by else ":"))
        out += [f"     {line}." for line in c.changes]
        out.append("     Reason:")
        out += ["       " + line if line else "" for line in c.reason.splitlines()]
        out.append(f"     {c.decisions}")
    return out


def render_text(document: MinutesDocument) -> str:
    """The minutes as plain text, the same line for line for the same record: what is hashed."""
    # Nothing that changes on approval or after it (the minutes' status, decisions' confirmation,
    # actions' progress) is in the text, so the approved hash can be checked again later.
    lines = [
        "MINUTES" + (" (public version)" if document.public else ""),
        document.board,
        document.meeting,
        document.when,
        f"Where: {document.where}",
        "",
        *_people("Present", document.present),
        *_people("Deputies", document.deputies),
        *_people("In attendance", document.in_attendance),
        *_people("Apologies", document.apologies),
        *_people("Absent", document.absent),
    ]
    lines += _corrections(document.corrections)
    if document.late_agenda:
        lines += ["", f"The agenda was circulated late. {document.late_agenda}"]
    for section in document.items:
        lines += _item(section)
    if document.left_out:
        lines += ["", f"{document.left_out} confidential item(s) not included."]
    return "\n".join(lines) + "\n"


# Comparing versions -------------------------------------------------------------------------


@dataclass(frozen=True)
class SectionChange:
    """One section of the minutes that differs between two versions, line by line."""

    #: The section's heading: "Deputies", "2. Budget (Decision)", or "Heading" for the top.
    title: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


def _sections(text: str) -> dict[str, list[str]]:
    """The text cut into sections: the heading block, then one per line that is not indented."""
    sections: dict[str, list[str]] = {}
    lines = text.splitlines()
    blank = lines.index("") if "" in lines else len(lines)
    sections["Heading"] = lines[:blank]
    current: list[str] | None = None
    for line in lines[blank:]:
        if not line.strip():
            continue
        if not line.startswith(" "):
            title = line.rstrip(":")
            current = sections.setdefault(title, [])
            continue
        if current is not None:
            current.append(line.strip())
    return sections


def compare(before: str, after: str) -> tuple[SectionChange, ...]:
    """The sections that differ between two texts of the minutes, with the lines that do."""
    old, new = _sections(before), _sections(after)
    changes = []
    for title in [*new, *(t for t in old if t not in new)]:
        was, now = old.get(title), new.get(title)
        if was == now:
            continue
        if was is None or now is None:
            # A whole section came or went: its heading is part of what changed.
            whole = (title, *(was or now or ()))
            changes.append(
                SectionChange(title, whole if now is None else (), whole if was is None else ())
            )
            continue
        removed: list[str] = []
        added: list[str] = []
        matcher = difflib.SequenceMatcher(a=was, b=now, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                removed += was[i1:i2]
                added += now[j1:j2]
        changes.append(SectionChange(title, tuple(removed), tuple(added)))
    return tuple(changes)


def changes_text(changes: tuple[SectionChange, ...]) -> str:
    """What changed, in plain lines for a mail: each section, then its lines removed and added."""
    out: list[str] = []
    for change in changes:
        out.append(change.title)
        out += [f"  Removed: {line}" for line in change.removed]
        out += [f"  Added: {line}" for line in change.added]
        out.append("")
    return "\n".join(out)


def fingerprint(text: str) -> str:
    """SHA-256 of the canonical text, in hex."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
