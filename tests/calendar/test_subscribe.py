"""Subscribing from a phone: a button per calendar app and a Copy button, in plain words, with
the feed address shown whole; the page is reachable from the home page."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

from governance.calendar.rules import subscribe_links

FEED = "https://board.example/calendar/abc-123_x.ics"


def test_each_calendar_app_gets_a_link_that_subscribes_it_to_the_feed():
    links = subscribe_links(FEED, "My board meetings")
    assert links.apple == "webcal://board.example/calendar/abc-123_x.ics"
    google = urlsplit(links.google)
    assert google.netloc == "calendar.google.com"
    assert parse_qs(google.query)["cid"] == [links.apple]
    for outlook in (links.outlook, links.outlook_work):
        query = parse_qs(urlsplit(outlook).query)
        assert query["url"] == [FEED] and query["name"] == ["My board meetings"]
        assert urlsplit(outlook).path.endswith("/addfromweb")


def _created(client, world, login) -> str:
    login(world.users["parent"])
    response = client.post("/account/calendar", data={"submit": "y"})
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_the_new_feed_address_comes_with_a_button_for_each_calendar_app(client, world, login):
    page = _created(client, world, login)
    for words in ("Add to Google Calendar", "Add to Apple Calendar", "Add to Outlook"):
        assert re.search(rf'<a class="button[^"]*" href="[^"]+">{words}', page), words
    assert re.search(r'href="webcal://localhost/calendar/[\w-]+\.ics"', page)
    assert "calendar.google.com/calendar/render?cid=webcal%3A%2F%2Flocalhost" in page


def test_the_feed_address_is_shown_whole_as_wrapping_text_with_a_copy_button(client, world, login):
    page = _created(client, world, login)
    # Not a one-line box that cuts the address off on a phone: text that wraps.
    assert re.search(r'<code id="feed-url"[^>]*>http://localhost/calendar/[\w-]+\.ics</code>', page)
    assert 'size="70"' not in page
    button = re.search(r'<button type="button"[^>]*data-copy="feed-url"[^>]*>', page)
    assert button is not None and "Copy" in page[button.end() : button.end() + 40]
    # The button needs a script (from this site, as the security policy allows): without it,
    # it stays hidden and the address can still be selected and copied by hand.
    assert "hidden" in button.group(0)
    assert re.search(r'<script src="/static/copy\.js" defer></script>', page)
    assert not re.search(r"<script(?![^>]*\ssrc=)", page) and " onclick=" not in page


def test_the_home_page_leads_to_the_calendar_buttons(client, world, login, make_meeting):
    login(world.users["parent"])
    page = client.get("/").get_data(as_text=True)
    main = page.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert re.search(r'<a[^>]*href="/account/calendar"[^>]*>[^<]*calendar', main, re.I)
