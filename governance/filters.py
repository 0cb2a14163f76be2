"""Every template filter of the app, registered in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask, g, has_request_context, url_for
from markupsafe import Markup

from governance.glossary import operations as glossary
from governance.glossary import rules as glossary_rules
from governance.subgroups import rules as subgroup_rules


def day(value: Any) -> str:
    """A date as 5 Mar 2027, or a dash."""
    return value.strftime("%-d %b %Y") if value else "—"


def local(value: Any, timezone: str, fmt: str = "%-d %b %Y, %H:%M") -> str:
    """An aware UTC datetime shown as wall-clock time where the board meets."""
    return value.astimezone(ZoneInfo(timezone)).strftime(fmt) if value else "—"


def pounds(pence: int | None) -> str:
    """An amount held in pence, written in pounds."""
    return subgroup_rules.pounds(pence)


# The glossary --------------------------------------------------------------------------------


def _matcher() -> glossary_rules.Matcher:
    """The compiled terms, loaded once per request."""
    if not has_request_context():
        return glossary_rules.matcher(glossary.entries())
    if "glossary_matcher" not in g:
        g.glossary_matcher = glossary_rules.matcher(glossary.entries())
        g.glossary_marks = 0
    return g.glossary_matcher


def _next_id() -> str:
    if not has_request_context():
        return "gloss-0"
    g.glossary_marks = g.get("glossary_marks", 0) + 1
    return f"gloss-{g.glossary_marks}"


def _href(entry: glossary_rules.Entry) -> str:
    return url_for("glossary.index", _anchor=glossary_rules.anchor(entry.key))


def glossary_marks(text: object) -> Markup:
    """Mark glossary terms in plain text, so their meaning shows on hover, focus and to screen
    readers. Markup already built elsewhere is returned as it is."""
    if isinstance(text, Markup):
        return text
    return glossary_rules.mark("" if text is None else str(text), _matcher(), _next_id, _href)


FILTERS: dict[str, Callable[..., Any]] = {
    "day": day,
    "local": local,
    "pounds": pounds,
    "glossary": glossary_marks,
}


def register_filters(app: Flask) -> None:
    """Make every filter above available to the templates."""
    app.jinja_env.filters.update(FILTERS)
