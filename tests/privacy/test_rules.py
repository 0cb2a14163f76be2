"""Manifest checks, pseudonyms and retention cut-offs, without an app."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from governance.errors import DomainError
from governance.privacy.rules import (
    check_manifest,
    erased_login,
    manifest_problems,
    pseudonym,
    retention_cutoffs,
)


def test_manifest_problems_name_missing_extra_and_altered_files() -> None:
    """ASVS 4.0.3 V14.2: a backup is only trusted when every file matches its recorded sum."""
    listed = {"a": "1", "b": "2", "c": "3"}
    found = {"a": "1", "c": "x", "d": "4"}
    assert manifest_problems(listed, found) == [
        "missing: b",
        "not in the manifest: d",
        "checksum differs: c",
    ]
    assert manifest_problems(listed, dict(listed)) == []


def test_check_manifest_refuses_a_damaged_backup() -> None:
    with pytest.raises(DomainError, match="damaged.*missing: b"):
        check_manifest({"a": "1", "b": "2"}, {"a": "1"})
    check_manifest({"a": "1"}, {"a": "1"})


def test_pseudonym_and_erased_login_carry_only_the_id() -> None:
    """ASVS 4.0.3 8.3.2: erasure leaves nothing that identifies the person."""
    assert pseudonym(123) == "Former member 123"
    assert erased_login(7) == "erased-7@erased.invalid"


def test_retention_cutoffs_count_back_from_now() -> None:
    now = datetime(2026, 11, 23, tzinfo=UTC)
    assert retention_cutoffs({"outbox": 90}, now) == {"outbox": now - timedelta(days=90)}


@pytest.mark.parametrize("settings", [{"decisions": 10}, {"outbox": -1}, {"outbox": "90"}])
def test_retention_refuses_unknown_kinds_and_bad_periods(settings) -> None:
    """Decisions, minutes and audit events have no retention period: naming one is refused."""
    with pytest.raises(DomainError):
        retention_cutoffs(settings, datetime(2026, 11, 23, tzinfo=UTC))
