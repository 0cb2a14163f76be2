"""The glossary: its writes (add, edit, remove, seed) and the reads the marker needs."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa

from governance.audit.changes import apply_changes
from governance.audit.operations import record_event
from governance.errors import DomainError
from governance.extensions import db
from governance.glossary import rules
from governance.glossary.models import GlossaryTerm
from governance.glossary.terms import SEED_TERMS

if TYPE_CHECKING:
    from governance.auth.models import User


def all_terms() -> list[GlossaryTerm]:
    """Every entry, in alphabetical order."""
    return list(db.session.execute(sa.select(GlossaryTerm).order_by(GlossaryTerm.key)).scalars())


def entries() -> list[rules.Entry]:
    """Every entry as the marker needs it, in one statement."""
    rows = db.session.execute(
        sa.select(GlossaryTerm.term, GlossaryTerm.key, GlossaryTerm.meaning, GlossaryTerm.aliases)
    )
    return [rules.Entry(row.term, row.key, row.meaning, tuple(row.aliases or ())) for row in rows]


def _taken(ignore: GlossaryTerm | None) -> dict[str, str]:
    """The normal form of every other entry's term and aliases, mapped to that entry's term."""
    taken: dict[str, str] = {}
    for term in all_terms():
        if ignore is not None and term.id == ignore.id:
            continue
        for form in (term.term, *(term.aliases or [])):
            taken[rules.normal(form)] = term.term
    return taken


def save_term(
    actor: User | None, term: GlossaryTerm | None, text: str, meaning: str, aliases: list[str]
) -> GlossaryTerm:
    """Add a glossary entry, or change one, after checking it clashes with no other."""
    cleaned, plain, forms = rules.check_term(text, meaning, aliases, _taken(term))
    creating = term is None
    if term is None:
        term = GlossaryTerm()
        db.session.add(term)
    changes = apply_changes(
        term, {"term": cleaned, "key": rules.normal(cleaned), "meaning": plain, "aliases": forms}
    )
    if creating or changes:
        record_event(
            actor,
            "glossary.create" if creating else "glossary.update",
            term,
            f"{'Added' if creating else 'Changed'} glossary term “{cleaned}”",
            changes,
        )
    return term


def delete_term(actor: User | None, term: GlossaryTerm) -> None:
    """Remove a glossary entry (the audit log keeps what it said)."""
    record_event(
        actor,
        "glossary.delete",
        term,
        f"Removed glossary term “{term.term}”",
        {"term": [term.term, None], "meaning": [term.meaning, None]},
    )
    db.session.delete(term)
    db.session.flush()


def seed_glossary(actor: User | None = None) -> int:
    """Add the standard entries that are not there yet; return how many were added."""
    present = {rules.normal(t.term) for t in all_terms()}
    added = 0
    for text, aliases, meaning in SEED_TERMS:
        if rules.normal(text) in present:
            continue
        try:
            save_term(actor, None, text, meaning, list(aliases))
        except DomainError:
            continue  # clashes with an entry written locally, which wins
        added += 1
    return added
