"""The audit log's filters, read from the query string (a GET form: links to a filtered log
can be kept and shared, and the filters ride along in the page links)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from governance.audit.rules import LogFilter
from governance.fields import LARGEST_WHOLE_NUMBER, whole_number

DATE_HELP = "Enter the date as YYYY-MM-DD, for example 2026-11-23."
#: The value of the person filter for events no signed-in user made (the system, mail links).
SYSTEM = "system"


FIELDS = ("actor", "action", "board", "target_type", "target_id", "since", "until")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None


def read_filter(args: Mapping[str, str]) -> LogFilter:
    """Read the filters; a value that cannot be read is kept, with a message for its field."""
    raw = {name: (args.get(name) or "").strip()[:100] for name in FIELDS}
    errors: dict[str, str] = {}
    actor_id = None
    if raw["actor"] and raw["actor"] != SYSTEM:
        actor_id = whole_number(raw["actor"], lowest=1, highest=LARGEST_WHOLE_NUMBER)
        if actor_id is None:
            errors["actor"] = "Choose a person from the list."
    board_id = None
    if raw["board"]:
        board_id = whole_number(raw["board"], lowest=1, highest=LARGEST_WHOLE_NUMBER)
        if board_id is None:
            errors["board"] = "Choose a board from the list."
    target_id = None
    if raw["target_id"]:
        target_id = whole_number(raw["target_id"], lowest=1, highest=LARGEST_WHOLE_NUMBER)
        if target_id is None:
            errors["target_id"] = "Enter the number of the thing, as a whole number."
    days: dict[str, date | None] = {}
    for name in ("since", "until"):
        days[name] = _day(raw[name]) if raw[name] else None
        if raw[name] and days[name] is None:
            errors[name] = DATE_HELP
    if days["since"] and days["until"] and days["until"] < days["since"]:
        errors["until"] = "The end date is before the start date."
    return LogFilter(
        raw=raw,
        actor_id=actor_id,
        system=raw["actor"] == SYSTEM,
        action=raw["action"],
        board_id=board_id,
        target_type=raw["target_type"],
        target_id=target_id,
        since=days["since"],
        until=days["until"],
        errors=errors,
    )
