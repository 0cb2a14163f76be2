"""Every page a role can reach shows a confidential or private thing only to those who may open
the thing itself.

For each role the crawl starts at the home page and follows same-site links breadth first (GET
only), reading every page it reaches for the marker words of the marker world
(tests/security/markers.py). A marker on a page is a leak unless the thing that carries it
passes its own page's permission predicate for that role.
"""

from __future__ import annotations

import html
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask_login import AnonymousUserMixin

from tests.security.markers import MARKERS, MarkerWorld, found_in

ROLES = (
    "anonymous",
    "admin",
    "auditor",
    "secretary",
    "chair",
    "member",
    "parent",
    "observer",
    "outsider",
)
#: Enough for every page of the marker world for the widest role, with room to spare.
MAX_PAGES = 400
#: Variants of one path that differ only in the query string (register and log filters, pages
#: of results): a few of each are enough to read what the filters can show.
MAX_VARIANTS = 4
_HREF = re.compile(r'(?:href|action)="([^"#]*)', re.I)
#: Not pages: signing out, files and feeds (downloads record who opened them), exports.
_SKIP = re.compile(
    r"^/(logout|static/)|/download$|\.(zip|ics|csv|json|pdf)$|^/induction/material/\d+$"
)


@dataclass
class Crawl:
    """What one role's crawl read: the pages, and the markers seen on each."""

    pages: list[str] = field(default_factory=list)
    seen: dict[str, list[str]] = field(default_factory=dict)


def _links(page: str) -> list[str]:
    out = []
    for raw in _HREF.findall(page):
        url = html.unescape(raw)
        if url.startswith("/") and not url.startswith("//") and not _SKIP.search(url):
            out.append(url)
    return out


def crawl(client: Any, start: str = "/") -> Crawl:
    """Read every same-site page reachable from `start` by GET, breadth first."""
    result = Crawl()
    queue = deque([start])
    queued = {start}
    variants: dict[str, int] = {}
    while queue and len(result.pages) < MAX_PAGES:
        url = queue.popleft()
        response = client.get(url)
        result.pages.append(url)
        if response.status_code in (301, 302, 303, 307, 308):
            location = urlsplit(response.headers["Location"])
            nexts = [location._replace(scheme="", netloc="").geturl()]
        elif response.status_code == 200 and response.mimetype == "text/html":
            page = response.get_data(as_text=True)
            for marker in found_in(page):
                result.seen.setdefault(marker, []).append(url)
            nexts = _links(page)
        else:
            continue
        for link in nexts:
            path = urlsplit(link).path
            if link in queued or _SKIP.search(path):
                continue
            if link != path:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > MAX_VARIANTS:
                    continue
            queued.add(link)
            queue.append(link)
    return result


def _user(marker_world: MarkerWorld, role: str) -> Any:
    return AnonymousUserMixin() if role == "anonymous" else marker_world.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_reaches_shows_a_marker_it_may_not_open(
    role: str, marker_world: MarkerWorld, client: Any, login: Any
) -> None:
    allowed = marker_world.allowed(_user(marker_world, role))
    if role != "anonymous":
        login(marker_world.users[role])
    result = crawl(client)
    leaks = {m: urls for m, urls in result.seen.items() if m not in allowed}
    assert not leaks, f"{role} sees, but may not open: {leaks}"
    assert len(result.pages) < MAX_PAGES, "the crawl stopped before reading every page"


def test_the_crawl_reaches_every_marker_as_an_administrator(
    marker_world: MarkerWorld, client: Any, login: Any
) -> None:
    """The crawl is wide enough to matter: an administrator may see everything, and does."""
    login(marker_world.users["admin"])
    result = crawl(client)
    assert set(result.seen) == set(MARKERS), sorted(set(MARKERS) - set(result.seen))


@pytest.mark.parametrize("role", ROLES)
def test_each_marker_things_own_page_agrees_with_its_predicate(
    role: str, marker_world: MarkerWorld, client: Any, login: Any
) -> None:
    """The predicates the crawl judges by are those of the things' own pages."""
    user = _user(marker_world, role)
    if role != "anonymous":
        login(user)
    for marker, url in marker_world.own_urls.items():
        status = client.get(url).status_code
        may = marker_world.may_see(marker, user)
        assert (status == 200) is may, (marker, url, status, may)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", set()),
        ("admin", set(MARKERS)),
        ("auditor", set(MARKERS)),
        ("secretary", set(MARKERS) - {"ZEBRAFISH-BOARD"}),
        ("chair", set(MARKERS) - {"ZEBRAFISH-BOARD"}),
        (
            "member",
            set(MARKERS) - {"ZEBRAFISH-BOARD"},
        ),
        (
            "parent",
            {
                "ZEBRAFISH-ITEM",
                "ZEBRAFISH-PAPER",
                "ZEBRAFISH-DECISION",
                "ZEBRAFISH-ACTION",
                "ZEBRAFISH-REPORT",
                "ZEBRAFISH-INTEREST",
            },
        ),
        ("observer", set()),
        ("outsider", {"ZEBRAFISH-BOARD"}),
    ],
)
def test_the_marker_world_gives_each_role_what_the_rules_say(
    role: str, expected: set[str], marker_world: MarkerWorld
) -> None:
    """Who may see which marker, spelled out: the crawl's expectations are not vacuous."""
    assert marker_world.allowed(_user(marker_world, role)) == expected
