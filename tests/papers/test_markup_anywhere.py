"""A text file is refused if it holds markup anywhere, not only in its first 8 KB.

The type of a file is decided from its content: a "plain text" paper that turns into an HTML
page after 8 KB of padding would be served as text but opened as a page once saved. The whole
file is scanned as it streams to disk, a chunk at a time, so memory stays flat.
"""

from __future__ import annotations

import io

import pytest

from governance.errors import DomainError
from governance.papers import rules
from governance.papers.files import storage

PADDING = b"Minutes of the finance sub-group. Spending is on track.\n" * 400  # about 22 KB


def _store(tmp_path, data: bytes):
    return storage.store(io.BytesIO(data), tmp_path, 10_000_000)


@pytest.mark.parametrize(
    "markup",
    [b"<script>alert(1)</script>", b"<!DOCTYPE html><html>", b"< svg onload=alert(1)>"],
)
def test_markup_after_the_first_8_kb_is_refused(tmp_path, markup):
    with pytest.raises(DomainError) as refused:
        _store(tmp_path, PADDING + markup + b"\n")
    assert refused.value.field == "file"
    assert not list((tmp_path / "tmp").iterdir())


@pytest.mark.parametrize("split", [1, 3, 5, 8])
def test_markup_split_across_two_chunks_is_refused(tmp_path, split):
    tag = b"<   script>"
    start = storage.CHUNK - split  # the tag begins `split` bytes before a chunk ends
    data = b"a" * start + tag + b"b" * 100
    with pytest.raises(DomainError):
        _store(tmp_path, data)


def test_whitespace_padding_between_angle_and_tag_across_chunks_is_refused(tmp_path):
    data = b"a" * (storage.CHUNK - 1) + b"<" + b" " * (3 * storage.CHUNK) + b"script>"
    with pytest.raises(DomainError):
        _store(tmp_path, data)


def test_a_long_text_with_comparisons_is_still_accepted(tmp_path):
    data = PADDING * 10 + b"If spending < budget and a<b, report it. x <= y.\n"
    assert _store(tmp_path, data).media_type == "text/plain"


def test_the_scanner_remembers_only_a_few_bytes_between_chunks():
    scanner = rules.MarkupScanner()
    scanner.feed(b"x" * 100_000 + b"<" + b" " * 100_000)
    assert not scanner.found and len(scanner.carry) <= 64
    scanner.feed(b"  SCRIPT")
    assert scanner.found
