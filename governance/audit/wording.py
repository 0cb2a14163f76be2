"""The audit log in plain words: verbs for actions, names for fields and kinds, readable values.

Pure functions: the stored events keep their ids and codes (and so their hashes); only what the
log page shows is worded here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: What each action did, as a verb phrase whose object is the event's target.
VERBS: dict[str, str] = {
    "action.close": "closed the action",
    "action.create": "raised the action",
    "action.update": "updated the action",
    "agenda_item.create": "added the agenda item",
    "agenda_item.move": "moved the agenda item",
    "agenda_item.update": "changed the agenda item",
    "agenda_item.withdraw": "withdrew from the agenda the item",
    "appointment.create": "made the appointment",
    "appointment.end": "ended the appointment",
    "appointment.update": "changed the appointment",
    "attendance.apologies": "recorded apologies",
    "attendance.apologies_withdrawn": "withdrew apologies",
    "attendance.correct": "corrected, after decisions were recorded, the attendance at",
    "attendance.record": "recorded attendance",
    "authority_check.create": "checked the delegated authority of",
    "board.create": "set up the board",
    "board.officer_assign": "appointed the officer",
    "board.officer_remove": "removed the officer",
    "board.quorum": "set from its approved terms of reference the quorum of",
    "board.update": "changed the board",
    "calendar.token_issue": "issued a calendar feed address",
    "calendar.token_revoke": "revoked a calendar feed address",
    "decision.confirm": "confirmed the decision",
    "decision.record": "recorded the decision",
    "decision.supersede": "superseded the decision",
    "declaration.create": "recorded a declaration of interest",
    "glossary.create": "added the glossary term",
    "glossary.delete": "removed the glossary term",
    "glossary.update": "changed the glossary term",
    "induction.buddy": "assigned a buddy in",
    "induction.material_add": "added induction material to",
    "induction.material_retire": "retired induction material",
    "induction.programme_create": "set up the induction programme",
    "induction.sign_off": "signed off the induction step",
    "induction.start": "started the induction",
    "induction.step_create": "added the induction step",
    "induction.step_move": "moved the induction step",
    "induction.step_retire": "retired the induction step",
    "induction.step_update": "changed the induction step",
    "interest.create": "added an entry to the register of interests",
    "interest.end": "ended an entry in the register of interests",
    "meeting.agenda_circulate": "circulated the agenda of",
    "meeting.cancel": "cancelled the meeting",
    "meeting.create": "scheduled the meeting",
    "meeting.held": "marked as held the meeting",
    "meeting.minutes_approved": "closed with approved minutes the meeting",
    "meeting.move": "moved the meeting",
    "meeting.notice": "issued the notice of",
    "meeting.update": "changed the meeting",
    "meeting.withdraw": "withdrew the draft meeting",
    "minutes.approve": "approved the minutes",
    "minutes.change": "changed, after circulation, the minutes",
    "minutes.circulate": "circulated the draft minutes",
    "minutes.create": "started the minutes",
    "minutes.notes": "wrote notes in the minutes",
    "organisation.create": "added the organisation",
    "organisation.update": "changed the organisation",
    "paper.circulate": "circulated the paper",
    "paper.consent_grant": "granted consent to late papers:",
    "paper.consent_refuse": "refused consent to late papers:",
    "paper.consent_request": "asked the chair's consent to late papers:",
    "paper.consent_withdraw": "withdrew the request for the chair's consent:",
    "paper.create": "added the paper",
    "paper.version_upload": "uploaded the paper version",
    "paper.version_withdraw": "withdrew the paper version",
    "person.create": "added the person",
    "person.erase": "erased the personal data of",
    "person.update": "changed the details of",
    "reply.change": "changed the reply",
    "reply.send": "sent the reply",
    "retention.apply": "applied the retention periods",
    "seat.create": "added the seat",
    "seat.update": "changed the seat",
    "security_policy.update": "changed the security policy",
    "subgroup_report.create": "recorded the sub-group report",
    "support.arranged": "arranged support for",
    "support.cancelled": "cancelled support for",
    "terms.approve": "approved the terms of reference",
    "terms.create": "drafted the terms of reference",
    "terms.supersede": "superseded the terms of reference",
    "terms.update": "changed the terms of reference",
    "user.create": "made the login",
    "user.lockout": "paused sign-in for",
    "user.login": "signed in",
    "user.password_change": "changed the password of",
    "user.password_reset": "set a new password by a reset link for",
    "user.recovery_code_used": "used a recovery code for",
    "user.recovery_codes": "made new recovery codes for",
    "user.two_factor_off": "turned off two-factor sign-in for",
    "user.two_factor_on": "turned on two-factor sign-in for",
    "user.two_factor_reset": "reset two-factor sign-in for",
}

#: Plain names of the kinds of event, by the first part of the action.
KINDS: dict[str, str] = {
    "action": "Actions",
    "agenda_item": "Agenda items",
    "appointment": "Appointments",
    "attendance": "Attendance",
    "authority_check": "Delegated authority",
    "board": "Boards and officers",
    "calendar": "Calendar feeds",
    "declaration": "Declarations of interest",
    "decision": "Decisions",
    "glossary": "Glossary",
    "induction": "Induction",
    "interest": "Register of interests",
    "meeting": "Meetings",
    "minutes": "Minutes",
    "organisation": "Organisations",
    "paper": "Papers",
    "person": "People",
    "reply": "Replies",
    "retention": "Retention",
    "seat": "Seats",
    "security_policy": "Security policy",
    "subgroup_report": "Sub-group reports",
    "support": "Support needs",
    "terms": "Terms of reference",
    "user": "Logins and sign-in",
}

#: Plain names of what events are about, by table.
TARGETS: dict[str, str] = {
    "action": "action",
    "agenda_item": "agenda item",
    "appointment": "appointment",
    "attendance": "attendance line",
    "authority_check": "authority check",
    "board": "board",
    "board_officer": "officer",
    "calendar_token": "calendar feed",
    "decision": "decision",
    "declaration": "declaration",
    "glossary_term": "glossary term",
    "induction_item": "induction step (a person's)",
    "induction_material": "induction material",
    "induction_programme": "induction programme",
    "induction_record": "induction",
    "induction_step": "induction step",
    "interest": "interest",
    "meeting": "meeting",
    "meeting_reply": "reply",
    "minutes": "minutes",
    "organisation": "organisation",
    "paper": "paper",
    "paper_version": "paper version",
    "person": "person",
    "security_policy": "security policy",
    "seat": "seat",
    "subgroup_report": "sub-group report",
    "support_need": "support need",
    "terms_of_reference": "terms of reference",
    "user_account": "login",
}

#: Fields of events that hold the id of another thing, and the table it is in, so the log can
#: show its name beside the id.
ID_FIELDS: dict[str, str] = {
    "accountable_body_id": "organisation",
    "agenda_item_id": "agenda_item",
    "board_id": "board",
    "buddy_id": "person",
    "consent_by_id": "person",
    "decision_id": "decision",
    "deputy_for_id": "person",
    "deputy_id": "person",
    "lead_agency_id": "organisation",
    "meeting_id": "meeting",
    "organisation_id": "organisation",
    "owner_id": "person",
    "parent_id": "board",
    "person_id": "person",
    "seat_id": "seat",
    "supersedes_id": "decision",
}

_CODE = re.compile(r"^[a-z][a-z0-9]*(_[a-z0-9]+)+$")
_CODES_IN_TEXT = re.compile(r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")


@dataclass(frozen=True)
class Name:
    """What the log shows for a person or a thing; `hidden` when the viewer may not see it."""

    text: str
    hidden: bool = False


def verb(action: str) -> str:
    """The plain verb phrase for `action` ("decision.record" → "recorded the decision")."""
    if action in VERBS:
        return VERBS[action]
    kind, _, what = action.partition(".")
    return f"{what.replace('_', ' ')} ({kind.replace('_', ' ')})"


def plain_summary(summary: str) -> str:
    """A stored summary with its codes spaced out ("as in_attendance" → "as in attendance")."""
    return _CODES_IN_TEXT.sub(lambda m: m.group(0).replace("_", " "), summary)


def kind_of(action: str) -> str:
    """The plain name of the kind of event."""
    kind = action.partition(".")[0]
    return KINDS.get(kind, kind.replace("_", " ").capitalize())


def target_noun(target_type: str) -> str:
    """The plain name of a kind of target."""
    return TARGETS.get(target_type, target_type.replace("_", " "))


def field_label(field: str) -> str:
    """A field's name in words ("deputy_for_id" → "Deputy for")."""
    words = field.removesuffix("_id").replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def value_text(value: Any) -> str:
    """A stored value in words: codes spaced out, yes/no, lists joined, nothing as a dash."""
    if value is None or value == "":
        return "—"
    if value is True:
        return "yes"
    if value is False:
        return "no"
    if isinstance(value, list | tuple):
        return ", ".join(value_text(v) for v in value) or "—"
    if isinstance(value, dict):
        return "; ".join(f"{field_label(str(k))}: {value_text(v)}" for k, v in value.items())
    text = str(value)
    return text.replace("_", " ") if _CODE.match(text) else text


@dataclass(frozen=True)
class Change:
    """One changed field as the log shows it."""

    field: str
    before: str | None  # None: the field was set, not changed from an earlier value
    after: str


def id_refs(changes: dict[str, Any]) -> set[tuple[str, int]]:
    """The (table, id) pairs the event's changes refer to, to be named."""
    refs = set()
    for key, value in changes.items():
        if key in ID_FIELDS and isinstance(value, list):
            refs |= {(ID_FIELDS[key], v) for v in value if isinstance(v, int) and v > 0}
    return refs


def _shown(key: str, value: Any, names: dict[tuple[str, int], Name]) -> str:
    if key in ID_FIELDS and isinstance(value, int) and not isinstance(value, bool):
        noun = f"{target_noun(ID_FIELDS[key])} {value}"
        name = names.get((ID_FIELDS[key], value))
        return f"{name.text} ({noun})" if name else noun
    return value_text(value)


def changes_shown(
    changes: dict[str, Any], names: dict[tuple[str, int], Name] | None = None
) -> list[Change]:
    """The event's changes in words, before → after where the event holds both; ids of other
    things with their names (from `names`) beside them."""
    names = names or {}
    shown = []
    for key, value in sorted(changes.items()):
        if isinstance(value, list) and len(value) == 2:
            before, after = value
            shown.append(
                Change(field_label(key), None if before is None else _shown(key, before, names),
                       _shown(key, after, names))
            )  # fmt: skip
        else:
            shown.append(Change(field_label(key), None, _shown(key, value, names)))
    return shown
