"""Pure paper rules: what a file really is, what it may be called, what must come with it."""

from __future__ import annotations

import pytest

from governance.errors import DomainError
from governance.meetings.models import Purpose
from governance.papers import rules
from tests.papers import files


def sniff(data: bytes) -> str | None:
    names = files.zip_names(data) if data.startswith(b"PK\x03\x04") else None
    return rules.sniff_media_type(data[:8192], names)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (files.PDF, "application/pdf"),
        (files.PNG, "image/png"),
        (files.JPEG, "image/jpeg"),
        (files.OLE, rules.OLE),
        (files.TEXT, "text/plain"),
        (
            files.ooxml("word/"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        (files.ooxml("xl/"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (
            files.ooxml("ppt/"),
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ),
        (files.odf("text"), "application/vnd.oasis.opendocument.text"),
        (files.odf("spreadsheet"), "application/vnd.oasis.opendocument.spreadsheet"),
        (files.odf("presentation"), "application/vnd.oasis.opendocument.presentation"),
    ],
)
def test_each_accepted_kind_of_file_is_recognised_from_its_bytes(data, expected):
    assert sniff(data) == expected
    assert expected in rules.ALLOWED_TYPES


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(files.EXE, id="windows-exe"),
        pytest.param(b"MZ just text after an executable's magic", id="mz-prefix"),
        pytest.param(b"\x7fELF\x02\x01\x01", id="elf"),
        pytest.param(b"#!/bin/sh\nrm -rf /\n", id="shell-script"),
        pytest.param(files.HTML, id="html"),
        pytest.param(b"  <svg xmlns='http://www.w3.org/2000/svg'/>", id="svg"),
        pytest.param(files.zip_bytes({"notes.txt": b"hello"}), id="plain-zip"),
        pytest.param(files.odf("graphics"), id="odf-drawing"),
        pytest.param(
            files.zip_bytes(
                {
                    "[Content_Types].xml": b"<Types/>",
                    "word/document.xml": b"<w/>",
                    "word/vbaProject.bin": b"macro",
                }
            ),
            id="macro-enabled-docm",
        ),
        pytest.param(b"caf\xe9 latin-1 is not UTF-8", id="latin-1-text"),
        pytest.param(b"", id="empty"),
    ],
)
def test_other_files_are_refused(data):
    assert sniff(data) is None


def test_a_zip_header_without_readable_members_is_refused():
    assert rules.sniff_media_type(b"PK\x03\x04 broken", None) is None


def test_a_text_file_named_pdf_is_text_not_pdf():
    # The name plays no part: sniffing sees only the bytes.
    assert sniff(b"This is report.pdf, honestly.\n") == "text/plain"


def test_a_character_cut_at_the_end_of_the_head_is_still_text():
    head = ("x" * 8190 + "é").encode()[:8191]  # the é's second byte is cut off
    assert rules.sniff_media_type(head, None) == "text/plain"


@pytest.mark.parametrize(
    ("filename", "media_type", "expected"),
    [
        ("Budget 2027.pdf", "application/pdf", "Budget 2027.pdf"),
        ("../../etc/passwd", "text/plain", "passwd.txt"),
        ("C:\\Users\\sec\\Report.PDF", "application/pdf", "Report.pdf"),
        ("report.pdf", "text/plain", "report.txt"),
        ("invoice.exe", "application/pdf", "invoice.pdf"),
        ("evil\r\nX-Injected: 1.pdf", "application/pdf", "evil X-Injected_ 1.pdf"),
        ('quote".pdf', "application/pdf", "quote_.pdf"),
        ("old.xls", rules.OLE, "old.xls"),
        ("installer.msi", rules.OLE, "installer.doc"),
        ("photo.JPEG", "image/jpeg", "photo.jpeg"),
        ("", "application/pdf", "paper.pdf"),
        ("...", "application/pdf", "paper.pdf"),
        ("CON.pdf", "application/pdf", "paper-CON.pdf"),
        (".htaccess", "text/plain", "htaccess.txt"),
    ],
)
def test_download_names_are_safe_and_match_the_real_type(filename, media_type, expected):
    assert rules.safe_download_name(filename, media_type) == expected


def test_download_names_are_not_absurdly_long():
    name = rules.safe_download_name("a" * 1000 + ".pdf", "application/pdf")
    assert name.endswith(".pdf") and len(name) <= 104


def test_decision_items_need_a_summary_and_say_why():
    with pytest.raises(DomainError) as refused:
        rules.check_summary(Purpose.DECISION, "   ")
    assert refused.value.field == "summary"
    assert "parent" in refused.value.message.lower()


def test_information_items_may_go_without_a_summary():
    assert rules.check_summary(Purpose.INFORMATION, None) == ""
    assert rules.check_summary(Purpose.DECISION, "  Agree the budget.  ") == "Agree the budget."


def test_summaries_have_a_maximum_length():
    with pytest.raises(DomainError) as refused:
        rules.check_summary(Purpose.DISCUSSION, "x" * (rules.SUMMARY_MAX + 1))
    assert refused.value.field == "summary"
    assert rules.check_summary(Purpose.DISCUSSION, "x" * rules.SUMMARY_MAX)


def test_a_title_is_required():
    with pytest.raises(DomainError) as refused:
        rules.check_title("  ")
    assert refused.value.field == "title"


@pytest.mark.parametrize(
    ("size", "label"),
    [(1, "1 byte"), (900, "900 bytes"), (1536, "1.5 KB"), (25 * 1024 * 1024, "25 MB")],
)
def test_sizes_read_as_people_expect(size, label):
    assert rules.human_size(size) == label


def test_refusal_names_the_accepted_types():
    message = rules.refused_type_message()
    assert "PDF" in message and "Word document" in message and "plain text" in message
