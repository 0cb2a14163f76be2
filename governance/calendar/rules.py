"""Pure rules of the calendar area: the addresses that add a feed to people's calendar apps.

No Flask and no session.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote, urlencode


@dataclass(frozen=True)
class SubscribeLinks:
    """One link per calendar app that subscribes it to a feed in a tap."""

    #: The feed itself (http or https), for copying into any app.
    feed: str
    #: Apple Calendar (iPhone, iPad, Mac) and most phone apps open webcal: addresses.
    apple: str
    google: str
    #: Outlook with a personal (outlook.com) account, and with a work or school account.
    outlook: str
    outlook_work: str


def webcal(feed_url: str) -> str:
    """The feed's address with the webcal: scheme, which calendar apps open to subscribe."""
    return "webcal://" + feed_url.split("://", 1)[1]


def subscribe_links(feed_url: str, name: str) -> SubscribeLinks:
    """Links that add the feed at `feed_url` to Apple, Google and Outlook calendars."""
    outlook_query = urlencode({"url": feed_url, "name": name}, quote_via=quote)
    return SubscribeLinks(
        feed=feed_url,
        apple=webcal(feed_url),
        google="https://calendar.google.com/calendar/render?"
        + urlencode({"cid": webcal(feed_url)}, quote_via=quote),
        outlook="https://outlook.live.com/calendar/0/addfromweb?" + outlook_query,
        outlook_work="https://outlook.office.com/calendar/0/addfromweb?" + outlook_query,
    )
