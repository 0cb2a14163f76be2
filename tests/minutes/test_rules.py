"""Pure rules of the minutes: comparing two versions, plain words, the approval item."""

from __future__ import annotations

from governance.minutes.rules import (
    SectionChange,
    changes_text,
    compare,
    is_minutes_item,
    quorum_wording,
)

VERSION_1 = """MINUTES
Partnership Board
Board meeting
Tuesday 10 November 2026, 10:00–12:00
Where: Children's Centre

Present:
  - Member (PCT)
Deputies:
  None
Apologies:
  - Observer (Unwell)

1. Budget (Decision)
  Notes:
    Long discussion.
  Decision PB/2026/001
   Resolved:
    Move the underspend.

2. Any other business (Information)
"""


def test_identical_versions_have_no_changes():
    assert compare(VERSION_1, VERSION_1) == ()


def test_compare_names_each_section_that_differs_with_its_lines_removed_and_added():
    version_2 = VERSION_1.replace(
        "Deputies:\n  None", "Deputies:\n  - Dana Deputy (deputy for Observer)"
    ).replace("    Long discussion.", "    Long discussion; the chair summed up.")
    changes = compare(VERSION_1, version_2)
    assert changes == (
        SectionChange("Deputies", ("None",), ("- Dana Deputy (deputy for Observer)",)),
        SectionChange(
            "1. Budget (Decision)",
            ("Long discussion.",),
            ("Long discussion; the chair summed up.",),
        ),
    )
    # Sections that did not change are not mentioned.
    assert "Present" not in changes_text(changes) and "Apologies" not in changes_text(changes)


def test_a_new_item_or_decision_shows_as_lines_added_under_its_section():
    version_2 = VERSION_1.replace(
        "2. Any other business (Information)\n",
        "2. Any other business (Information)\n  Decision PB/2026/004\n   Resolved:\n"
        "    Hold a fun day.\n",
    )
    (change,) = compare(VERSION_1, version_2)
    assert change.title == "2. Any other business (Information)"
    assert change.removed == () and "Hold a fun day." in change.added
    text = changes_text((change,))
    assert "2. Any other business (Information)" in text and "Added: Hold a fun day." in text


def test_an_inquorate_item_is_stated_as_a_fact_without_the_word_error():
    words = quorum_wording(False, {"counted": 2, "required": 3, "shortfalls": []}, True)
    assert "Error" not in words and "not quorate" in words.lower()


def test_the_approval_item_is_the_one_about_the_minutes_of_the_last_meeting():
    assert is_minutes_item("Minutes of the last meeting")
    assert is_minutes_item("Apologies and minutes of the last meeting")
    assert not is_minutes_item("Budget")
