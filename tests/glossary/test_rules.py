"""The glossary's rules: what a term may be, and how terms are marked in text."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import escape

from governance.errors import DomainError
from governance.glossary import rules as g


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
    return re.findall(r'<button type="button" class="gloss-term"[^>]*>(.*?)</button>', html)


def test_a_term_is_marked_whole_word_in_any_case_with_its_meaning_for_everyone():
    html = _mark("The meeting was QUORUM at ten.")
    assert _marked_words(html) == ["QUORUM"]
    assert 'aria-describedby="gloss-1-meaning"' in html
    assert 'id="gloss-1-meaning">The fewest members who must be present.</span>' in html
    assert 'href="/glossary#quorum"' in html


def test_tapping_a_term_opens_its_meaning_in_place_without_script():
    # A button that toggles a popover beside it: the browser opens and closes it (tap, Enter,
    # Space, Escape) and tells screen readers whether it is open; no script, no page change.
    html = _mark("Ask the PCT.")
    assert re.search(r'<button type="button" class="gloss-term" popovertarget="gloss-1"', html)
    assert re.search(r'<span class="gloss-tip" id="gloss-1" popover>', html)
    assert "<script" not in html and " on" not in html.replace(" one", "")


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
    # Marks never nest: no mark opens inside another's button or tip.
    for chunk in html.split('<span class="gloss">')[1:]:
        inside = chunk.split("</a></span></span>", 1)[0]
        assert inside.count("<button") == 1 and inside.count("<a ") == 1
    # Every mark is whole words: the characters either side are not letters or digits.
    for match in re.finditer(r'<span class="gloss">', html):
        before = g.unmark(html[: match.start()])
        if before:
            assert not before[-1].isalnum() and before[-1] != "_"


@given(st.sampled_from(["quorum", "pct", "body"]), st.text(alphabet="abcXYZ09_é", min_size=1))
def test_a_term_with_letters_joined_on_is_never_marked(term, joined):
    assert _marked_words(_mark(joined + term)) == []
    assert _marked_words(_mark(term + joined)) == []
