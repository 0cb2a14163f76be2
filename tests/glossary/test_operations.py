"""The glossary's writes: seeding the standard terms, and terms that clash."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from governance.errors import DomainError
from governance.extensions import db
from governance.glossary import operations as glossary
from governance.glossary.models import GlossaryTerm
from governance.glossary.terms import SEED_TERMS


def test_seeding_the_glossary_adds_the_standard_terms_once():
    assert glossary.seed_glossary() == len(SEED_TERMS) >= 25
    assert glossary.seed_glossary() == 0
    count = db.session.execute(sa.select(sa.func.count()).select_from(GlossaryTerm)).scalar()
    assert count == len(SEED_TERMS)


def test_a_glossary_term_cannot_clash_with_an_alias(world):
    glossary.save_term(None, None, "Primary Care Trust", "The local NHS body for health.", ["PCT"])
    with pytest.raises(DomainError) as error:
        glossary.save_term(None, None, "pct", "Something else entirely, in plain words.", [])
    assert error.value.field == "term"
