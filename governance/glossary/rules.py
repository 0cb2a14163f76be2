"""Pure rules of the glossary: what a term may be, and marking terms in plain text.

Marking takes plain text, escapes it, and wraps whole-word, case-insensitive matches of the
terms (longest first, never nested) in a button that opens the meaning in place with no
script (a popover), gives it to screen readers, and links to the glossary entry.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from governance.errors import DomainError

MAX_TERM = 80
MIN_MEANING, MAX_MEANING = 20, 1000
#: A term starts and ends with a letter or digit; inside, also spaces, hyphens, apostrophes.
_TERM = re.compile(r"^\w(?:[\w '’\-]*\w)?$")


@dataclass(frozen=True)
class Entry:
    """A term as the marker needs it."""

    term: str
    key: str
    meaning: str
    forms: tuple[str, ...]


@dataclass(frozen=True)
class Matcher:
    """A compiled pattern over every form of every term, and which entry each form means."""

    pattern: re.Pattern[str] | None
    by_form: dict[str, Entry]


def normal(text: str) -> str:
    """The form used to compare terms: lower-case, single spaces, straight apostrophes."""
    return " ".join(text.replace("’", "'").split()).lower()


def anchor(key: str) -> str:
    """The id of an entry on the glossary page."""
    return "term-" + re.sub(r"[^a-z0-9]+", "-", key).strip("-")


def check_form(text: str, field: str) -> str:
    """A term or alias: 1 to 80 characters of letters, digits, spaces, hyphens, apostrophes.

    Raises:
        DomainError: it is empty, too long, or has other characters.
    """
    cleaned = " ".join((text or "").split())
    if not cleaned:
        raise DomainError("Give the term.", field=field)
    if len(cleaned) > MAX_TERM:
        raise DomainError(f"Keep each term under {MAX_TERM} characters.", field=field)
    if not _TERM.match(cleaned):
        raise DomainError(
            f"“{cleaned}”: use letters, digits, spaces, hyphens and apostrophes, starting and "
            "ending with a letter or digit.",
            field=field,
        )
    return cleaned


def check_term(
    term: str, meaning: str, aliases: Iterable[str], taken: dict[str, str]
) -> tuple[str, str, list[str]]:
    """Clean a glossary entry; `taken` maps the normal form of every other entry's term and
    aliases to that entry's term. Returns the term, the meaning and the aliases.

    Raises:
        DomainError: the term or an alias is malformed or already used, or the meaning is
            missing or too long.
    """
    cleaned = check_form(term, "term")
    text = " ".join((meaning or "").split())
    if len(text) < MIN_MEANING:
        raise DomainError(
            "Explain the term in a sentence or two of plain language.", field="meaning"
        )
    if len(text) > MAX_MEANING:
        raise DomainError(f"Keep the meaning under {MAX_MEANING} characters.", field="meaning")
    if normal(cleaned) in taken:
        raise DomainError(f"“{cleaned}” is already in the glossary.", field="term")
    forms: list[str] = []
    seen = {normal(cleaned)}
    for alias in aliases:
        if not alias.strip():
            continue
        form = check_form(alias, "aliases")
        key = normal(form)
        if key in taken:
            raise DomainError(f"“{form}” is already used by “{taken[key]}”.", field="aliases")
        if key not in seen:
            seen.add(key)
            forms.append(form)
    return cleaned, text, forms


def split_aliases(text: str) -> list[str]:
    """Aliases typed one per line or separated by commas."""
    return [part.strip() for part in re.split(r"[,\n]", text or "") if part.strip()]


def matcher(entries: Sequence[Entry]) -> Matcher:
    """Compile the terms into one pattern: longest forms first, whole words, any case."""
    by_form: dict[str, Entry] = {}
    for entry in entries:
        for form in (entry.term, *entry.forms):
            by_form.setdefault(normal(form), entry)
    if not by_form:
        return Matcher(None, {})
    alternatives = [
        r"\s+".join(re.escape(word).replace("'", "['’]") for word in form.split(" "))
        for form in sorted(by_form, key=lambda f: (-len(f), f))
    ]
    # (?<!\w) and (?!\w): a term inside a longer word ("quorum" in "inquorate") is not a match.
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return Matcher(pattern, by_form)


def mark(
    text: str, found: Matcher, next_id: Callable[[], str], href: Callable[[Entry], str]
) -> Markup:
    """Escape `text` and mark every term in it.

    Each mark is a button that opens its meaning in place, under the word: a popover the
    browser itself opens and closes (a tap, Enter or Space; Escape or a tap elsewhere closes
    it) and announces as expanded or collapsed, with no script, so the reader never leaves the
    page. The button is described by the meaning, so a screen reader also reads it on focus;
    the popover links to the entry in the glossary. Removing the marks leaves exactly the
    escaped text.
    """
    if found.pattern is None or not text:
        return escape(text)
    parts: list[str] = []
    last = 0
    for match in found.pattern.finditer(text):
        entry = found.by_form.get(normal(match.group(0)))
        if entry is None:  # pragma: no cover - every alternative comes from by_form
            continue
        tip = next_id()
        parts.append(str(escape(text[last : match.start()])))
        parts.append(
            f'<span class="gloss"><button type="button" class="gloss-term" '
            f'popovertarget="{tip}" aria-describedby="{tip}-meaning">'
            f"{escape(match.group(0))}</button>"
            f'<span class="gloss-tip" id="{tip}" popover>'
            f'<strong class="gloss-name">{escape(entry.term)}</strong> '
            f'<span id="{tip}-meaning">{escape(entry.meaning)}</span> '
            f'<a href="{escape(href(entry))}">More in the glossary'
            f'<span class="visually-hidden"> about “{escape(entry.term)}”</span></a>'
            f"</span></span>"
        )
        last = match.end()
    parts.append(str(escape(text[last:])))
    return Markup("".join(parts))  # noqa: S704  # nosec B704  # every piece above is escaped


_MARK = re.compile(
    r'<span class="gloss"><button type="button" class="gloss-term" [^>]*>(.*?)</button>'
    r'<span class="gloss-tip" id="[^"]*" popover>.*?</a></span></span>',
    re.DOTALL,
)


def unmark(html: str) -> str:
    """The marked HTML with the marks taken out again (for tests and plain-text uses)."""
    return _MARK.sub(lambda m: m.group(1), html)
