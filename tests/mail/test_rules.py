"""Outbox rules: header safety, retry timing, the calendar method. No app, no database."""

from __future__ import annotations

from datetime import timedelta

import pytest

from governance.errors import DomainError
from governance.mail import rules


@pytest.mark.parametrize("value", ["a\r\nBcc: x@example.org", "line\nbreak", "cr\ronly"])
def test_check_header_refuses_line_breaks(value):
    with pytest.raises(DomainError) as raised:
        rules.check_header(value, "subject")
    assert raised.value.field == "subject"


def test_check_header_returns_a_single_line_unchanged():
    assert rules.check_header("Notice of meeting: PB – 1 Dec", "subject") == (
        "Notice of meeting: PB – 1 Dec"
    )


@pytest.mark.parametrize("address", ["", "   ", "a@example.org\n", "x" * 250 + "@a.org"])
def test_check_address_refuses_empty_multiline_or_overlong(address):
    with pytest.raises(DomainError) as raised:
        rules.check_address(address)
    assert raised.value.field == "to_address"


def test_check_address_trims_spaces():
    assert rules.check_address("  parent@example.org ") == "parent@example.org"


def test_check_subject_shortens_an_overlong_subject_to_fit_the_column():
    subject = rules.check_subject("Notice " * 100)
    assert len(subject) == rules.MAX_SUBJECT_LENGTH and subject.endswith("…")


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [
        (0, timedelta(0)),
        (1, timedelta(minutes=1)),
        (2, timedelta(minutes=5)),
        (3, timedelta(minutes=30)),
        (4, timedelta(hours=2)),
        (5, timedelta(hours=12)),
        (9, timedelta(hours=12)),
    ],
)
def test_backoff_grows_with_failed_attempts(attempts, wait):
    assert rules.backoff(attempts) == wait


def test_gives_up_after_the_fifth_failed_attempt_and_not_before():
    assert [rules.gives_up(n) for n in range(7)] == [False] * 5 + [True] * 2


@pytest.mark.parametrize(
    ("ics", "method"),
    [
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n", "REQUEST"),
        ("BEGIN:VCALENDAR\nmethod:cancel\nEND:VCALENDAR\n", "CANCEL"),
        ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", None),
        # A value that is not a bare token would break out of the Content-Type parameter.
        ('BEGIN:VCALENDAR\r\nMETHOD:REQUEST"; x="y\r\nEND:VCALENDAR\r\n', None),
        # DESCRIPTION text mentioning a method is not the METHOD property.
        ("BEGIN:VCALENDAR\r\nDESCRIPTION:METHOD:PUBLISH\r\nEND:VCALENDAR\r\n", None),
    ],
)
def test_ics_method_reads_the_method_property(ics, method):
    assert rules.ics_method(ics) == method
