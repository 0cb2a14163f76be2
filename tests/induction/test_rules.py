"""Pure rules of induction and the glossary marker: no app, no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from governance.errors import DomainError
from governance.glossary import rules as g
from governance.induction import rules
from governance.induction.models import StepKind

START = date(2026, 10, 12)


@dataclass
class Item:
    due_on: date
    done_on: date | None = None


# Who starts an induction, and due dates ------------------------------------------------------


def test_parent_seats_always_start_an_induction():
    assert rules.starts_induction("parent", [])


def test_other_categories_start_one_only_when_the_board_turns_it_on():
    assert not rules.starts_induction("statutory", [])
    assert rules.starts_induction("statutory", ["statutory", "co_opted"])
    assert not rules.starts_induction("voluntary", ["statutory"])


def test_a_step_is_due_its_offset_after_the_appointment_starts():
    assert rules.due_on(START, 14) == date(2026, 10, 26)
    assert rules.due_on(START, 0) == START


# Overdue -------------------------------------------------------------------------------------


def test_a_step_is_overdue_only_once_its_due_day_has_passed():
    due = date(2026, 11, 20)
    assert not rules.is_overdue(due, None, date(2026, 11, 20))
    assert rules.is_overdue(due, None, date(2026, 11, 21))


def test_a_done_step_is_never_overdue():
    assert not rules.is_overdue(date(2026, 1, 1), date(2026, 3, 1), date(2026, 11, 21))


def test_progress_counts_done_lists_overdue_and_orders_what_is_next():
    items = [
        Item(date(2026, 11, 30)),
        Item(date(2026, 10, 20), date(2026, 10, 19)),
        Item(date(2026, 11, 9)),
    ]
    p = rules.progress(items, date(2026, 11, 23))
    assert (p.done, p.total) == (1, 3)
    assert p.overdue == (items[2],)
    assert p.next is items[2] and p.outstanding == (items[2], items[0])
    assert p.behind and not p.complete


def test_progress_of_an_induction_with_everything_done_is_complete():
    p = rules.progress([Item(START, START)], date(2027, 1, 1))
    assert p.complete and not p.behind and p.next is None


def test_completed_on_is_the_last_done_day_once_all_are_done():
    assert rules.completed_on([date(2026, 1, 2), date(2026, 3, 1)]) == date(2026, 3, 1)
    assert rules.completed_on([date(2026, 1, 2), None]) is None
    assert rules.completed_on([]) is None


@pytest.mark.parametrize(
    ("days", "words"),
    [
        (0, "on the first day"),
        (7, "within a week"),
        (10, "within 10 days"),
        (14, "within 2 weeks"),
        (20, "within 20 days"),
        (56, "within 8 weeks"),
        (183, "within 6 months"),
    ],
)
def test_offsets_are_described_in_plain_words(days, words):
    assert rules.describe_offset(days) == words


# Steps and sign-off --------------------------------------------------------------------------


def test_a_step_needs_a_title_a_known_kind_and_an_offset_in_range():
    assert rules.check_step("  Safeguarding   briefing ", "", "task", 28).title == (
        "Safeguarding briefing"
    )
    with pytest.raises(DomainError) as error:
        rules.check_step("", "", "task", 28)
    assert error.value.field == "title"
    with pytest.raises(DomainError) as error:
        rules.check_step("A step", "", "homework", 28)
    assert error.value.field == "kind"
    for offset in (None, -1, rules.MAX_OFFSET_DAYS + 1):
        with pytest.raises(DomainError) as error:
            rules.check_step("A step", "", "task", offset)
        assert error.value.field == "due_offset_days"


def test_a_sign_off_date_may_not_be_in_the_future():
    with pytest.raises(DomainError, match="future"):
        rules.check_sign_off(StepKind.TASK, date(2026, 11, 24), None, START, date(2026, 11, 23))


def test_a_step_is_signed_off_only_once():
    with pytest.raises(DomainError, match="already done"):
        rules.check_sign_off(StepKind.TASK, None, date(2026, 11, 1), START, date(2026, 11, 23))


def test_an_agreement_is_dated_the_day_it_is_given():
    day = rules.check_sign_off(
        StepKind.AGREEMENT, date(2026, 10, 1), None, START, date(2026, 11, 23)
    )
    assert day == date(2026, 11, 23)


def test_a_buddy_step_is_done_by_assigning_a_buddy_not_by_ticking():
    with pytest.raises(DomainError, match="Assign a buddy"):
        rules.check_sign_off(StepKind.BUDDY, None, None, START, date(2026, 11, 23))


def test_a_new_member_cannot_be_their_own_buddy():
    with pytest.raises(DomainError, match="own buddy"):
        rules.check_buddy(5, 5, None)
    with pytest.raises(DomainError, match="already"):
        rules.check_buddy(5, 6, 6)
    rules.check_buddy(5, 6, None)


def test_moving_a_step_swaps_it_with_its_neighbour_and_stops_at_the_ends():
    assert rules.moved([1, 2, 3], 2, "up") == [2, 1, 3]
    assert rules.moved([1, 2, 3], 2, "down") == [1, 3, 2]
    assert rules.moved([1, 2, 3], 3, "down") == [1, 2, 3]
    with pytest.raises(DomainError):
        rules.moved([1, 2, 3], 9, "up")


# Glossary: terms -----------------------------------------------------------------------------


def test_a_term_needs_a_meaning_in_a_sentence_or_two():
    with pytest.raises(DomainError) as error:
        g.check_term("Quorum", "Short.", [], {})
    assert error.value.field == "meaning"


def test_a_term_may_not_repeat_another_term_or_alias_in_any_case():
    taken = {"pct": "Primary Care Trust"}
    with pytest.raises(DomainError) as error:
        g.check_term("PCT", "The local NHS body for community health.", [], taken)
    assert error.value.field == "term"
    with pytest.raises(DomainError) as error:
        g.check_term("Health trust", "The local NHS body for community health.", ["pct"], taken)
    assert error.value.field == "aliases" and "Primary Care Trust" in error.value.message


def test_a_term_is_made_of_words_not_markup():
    with pytest.raises(DomainError, match="letters"):
        g.check_term("<b>quorum</b>", "The smallest number of members present.", [], {})


def test_aliases_are_split_on_commas_and_lines_and_deduplicated():
    term, meaning, aliases = g.check_term(
        "Primary Care Trust",
        "The local NHS body for community health.",
        g.split_aliases("PCT, PCTs\nPCT\n"),
        {},
    )
    assert aliases == ["PCT", "PCTs"]


# Glossary: marking ---------------------------------------------------------------------------

ENTRIES = [
    g.Entry("quorum", "quorum", "The fewest members who must be present.", ("quorate",)),
    g.Entry("Accountable Body", "accountable body", "Holds the money & signs contracts.", ()),
    g.Entry("Body", "body", "A group of people.", ()),
    g.Entry("PCT", "pct", "Primary Care Trust: local NHS <services>.", ()),
    g.Entry("children's centre", "children's centre", "A place for families.", ()),
]
MATCHER = g.matcher(ENTRIES)


def _mark(text: str, entries=None) -> str:
    counter = iter(range(1, 10_000))
    found = MATCHER if entries is None else g.matcher(entries)
    return str(
        g.mark(text, found, lambda: f"gloss-{next(counter)}", lambda e: f"/glossary#{e.key}")
    )


def _marked_words(html: str) -> list[str]:
    return re.findall(r'<a class="gloss-term"[^>]*>(.*?)</a>', html)


def test_a_term_is_marked_whole_word_in_any_case_with_its_meaning_for_everyone():
    html = _mark("The meeting was QUORUM at ten.")
    assert _marked_words(html) == ["QUORUM"]
    assert 'aria-describedby="gloss-1"' in html and 'id="gloss-1" role="tooltip"' in html
    assert 'href="/glossary#quorum"' in html
    assert "The fewest members who must be present." in html


def test_the_longest_term_wins_and_marks_do_not_nest():
    html = _mark("Minutes from the Accountable Body.")
    assert _marked_words(html) == ["Accountable Body"]
    assert html.count('class="gloss"') == 1


def test_a_term_inside_a_word_is_not_marked():
    assert _marked_words(_mark("The meeting was inquorum, quorums and PCTs.")) == []


def test_aliases_and_curly_apostrophes_are_marked_as_the_term():
    assert _marked_words(_mark("It was quorate. The children’s centre opened.")) == [
        "quorate",
        "children’s centre",
    ]


def test_meanings_and_text_are_escaped():
    html = _mark("<script>alert('PCT')</script> & more")
    assert "<script>" not in html
    assert "&lt;script&gt;" in html and "&amp; more" in html
    assert "NHS &lt;services&gt;." in html


def test_text_without_terms_comes_back_escaped_and_unchanged():
    assert _mark('Say "hello" & <go>') == str(escape('Say "hello" & <go>'))
    assert _mark("quorum", entries=[]) == "quorum"


WORDS = st.sampled_from(
    ["quorum", "QUORATE", "Accountable Body", "body", "pct", "children's centre", "in", "x"]
)
NOISE = st.text(alphabet=st.sampled_from(list("ab <>&\"'’;/\n\t-é")), max_size=6)


@given(st.lists(st.one_of(WORDS, NOISE, st.text(max_size=8)), max_size=12))
def test_marking_never_breaks_html_or_escaping(parts):
    text = "".join(parts)
    html = _mark(text)
    # Taking the marks out leaves exactly the escaped input.
    assert g.unmark(html) == str(escape(text))
    # Marks never nest: no mark opens inside another's link or tip.
    for chunk in html.split('<span class="gloss">')[1:]:
        inside = chunk.split("</span></span></span>", 1)[0]
        assert '<span class="gloss">' not in inside and "<a " not in inside.split("</a>", 1)[1]
    # Every mark is whole words: the characters either side are not letters or digits.
    for match in re.finditer(r'<span class="gloss">', html):
        before = g.unmark(html[: match.start()])
        if before:
            assert not before[-1].isalnum() and before[-1] != "_"


@given(st.sampled_from(["quorum", "pct", "body"]), st.text(alphabet="abcXYZ09_é", min_size=1))
def test_a_term_with_letters_joined_on_is_never_marked(term, joined):
    assert _marked_words(_mark(joined + term)) == []
    assert _marked_words(_mark(term + joined)) == []
