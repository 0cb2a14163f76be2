"""The secretary's meeting page and a paper's page fit the window, at 1,280 px and on a
360 px phone; the versions table stacks on a phone; the confidential padlock is an image
with a name, not a character from an emoji font."""

from __future__ import annotations

from typing import Any

import pytest

pytestmark = pytest.mark.browser

WIDTHS = (1280, 360)
#: The secretary's pages that were wider than the window (a long link spilled from its card).
PAGES = ("/meetings/{upcoming}", "/meetings/{special}", "/papers/{special_paper}")


def overflow(page: Any) -> dict[str, Any]:
    """How wide the page is against the window, and the widest elements sticking out."""
    return page.evaluate(
        """() => {
            const width = window.innerWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5)
                .slice(0, 5)
                .map(e => e.tagName.toLowerCase() + '.' + e.className + ' ' +
                     (e.textContent || '').trim().slice(0, 60));
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("address", PAGES)
def test_the_secretarys_page_fits_the_window(width, address, open_page, live_server):
    page = open_page("secretary", width=width)
    page.goto(address.format(**live_server))
    found = overflow(page)
    assert found["scroll"] <= found["width"], found


def test_the_versions_table_stacks_into_labelled_rows_on_a_phone(open_page, live_server):
    page = open_page("secretary", width=360, height=780)
    page.goto(f"/papers/{live_server['special_paper']}")
    row = page.locator("table.versions tbody tr").first
    assert row.evaluate("r => getComputedStyle(r).display") == "block"
    cell = page.locator("table.versions tbody tr td[data-label='File']").first
    label = cell.evaluate("c => getComputedStyle(c, '::before').content")
    assert "File" in label
    # Whole words: nothing in the table is broken mid-word to fit a narrow column.
    assert page.locator("table.versions").evaluate(
        "t => [...t.querySelectorAll('tbody td, tbody th')].every(c => "
        "getComputedStyle(c).wordBreak !== 'break-all' && c.scrollWidth <= c.clientWidth + 1)"
    )


def test_the_confidential_padlock_is_a_named_image_not_an_emoji(open_page, live_server):
    page = open_page("secretary")
    page.goto(f"/papers/{live_server['confidential_paper']}")
    tag = page.locator(".tag.confidential").first
    assert tag.evaluate("t => getComputedStyle(t, '::before').content") in ("none", "normal")
    icon = tag.locator("svg")
    assert icon.get_attribute("role") == "img"
    assert icon.get_attribute("aria-label") == "Padlock"
    assert "🔒" not in tag.inner_text()


def test_the_demos_withdrawn_version_shows_its_reason_and_fits_a_phone(open_page, live_server):
    from tests.browser.pages import snap

    page = open_page("secretary", width=360, height=780)
    page.goto(f"/meetings/{live_server['upcoming']}")
    papers = page.locator("ul.papers a[href^='/papers/']").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    for address in papers:
        page.goto(address)
        if page.locator("tr.withdrawn").count():
            break
    else:
        pytest.fail("No withdrawn version on the next meeting's papers")
    row = page.locator("tr.withdrawn")
    assert "Withdrawn" in row.inner_text() and "by mistake" in row.inner_text()
    assert row.locator("a", has_text="Download").count() == 1  # officers keep the file
    found = overflow(page)
    assert found["scroll"] <= found["width"], found
    snap(page, "withdrawn-version-phone")
    page.goto(f"/meetings/{live_server['upcoming']}/circulate")
    labels = page.locator("main form").inner_text()
    assert "-old-draft.pdf" not in labels
    assert "PDF" in labels and "uploaded" in labels
