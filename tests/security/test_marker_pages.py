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
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from governance.extensions import db
from governance.induction.models import MaterialRead
from governance.papers.models import PaperOpen
from tests.security.markers import (
    DRAFT,
    MARKERS,
    MEETING,
    MINUTE,
    REVISION,
    MarkerWorld,
    add_drafts,
    add_minutes,
    found_in,
)

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
#: Enough for every page of the marker world for the widest role (an administrator reads about
#: 300), with room to spare.
MAX_PAGES = 1000
#: Variants of one path that differ only in the query string (register and log filters, pages
#: of results): a few of each are enough to read what the filters can show.
MAX_VARIANTS = 4
_HREF = re.compile(r'(?:href|action)="([^"#]*)', re.I)
#: Not pages: signing out, files and feeds (downloads record who opened them), exports.
_SKIP = re.compile(
    r"^/(logout|static/)|/download$|\.(zip|ics|csv|json|pdf)$|^/induction/material/\d+$"
)


@pytest.fixture
def mw(marker_world: MarkerWorld) -> MarkerWorld:
    """The marker world with its circulated minutes and papers in preparation, so the minutes
    pages and drafts are read too."""
    add_minutes(marker_world)
    add_drafts(marker_world)
    return marker_world


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


def _user(mw: MarkerWorld, role: str) -> Any:
    return AnonymousUserMixin() if role == "anonymous" else mw.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_no_page_a_role_reaches_shows_a_marker_it_may_not_open(
    role: str, mw: MarkerWorld, client: Any, login: Any
) -> None:
    allowed = mw.allowed(_user(mw, role))
    if role != "anonymous":
        login(mw.users[role])
    result = crawl(client)
    leaks = {m: urls for m, urls in result.seen.items() if m not in allowed}
    assert not leaks, f"{role} sees, but may not open: {leaks}"
    assert len(result.pages) < MAX_PAGES, "the crawl stopped before reading every page"


def test_the_crawl_reaches_every_marker_as_an_administrator(
    mw: MarkerWorld, client: Any, login: Any
) -> None:
    """The crawl is wide enough to matter: an administrator may see everything, and does."""
    login(mw.users["admin"])
    result = crawl(client)
    everything = {*MARKERS, MINUTE, DRAFT, REVISION, MEETING}
    assert set(result.seen) == everything, sorted(everything - set(result.seen))


def test_the_crawl_reads_without_signing_out_or_recording_an_open(
    mw: MarkerWorld, client: Any, login: Any
) -> None:
    """GET only, never the sign-out, a download, a pack or a feed: the crawl changes nothing a
    member would see (no paper or induction material noted as opened) and ends signed in."""
    login(mw.users["secretary"])

    def opens() -> int:
        return sum(
            db.session.execute(sa.select(sa.func.count()).select_from(model)).scalar_one()
            for model in (PaperOpen, MaterialRead)
        )

    before = opens()
    pages = crawl(client).pages
    assert not [p for p in pages if _SKIP.search(urlsplit(p).path)]
    assert opens() == before
    assert client.get("/").status_code == 200


def test_the_crawl_reads_every_page_that_gathers_things_as_an_observer(
    mw: MarkerWorld, client: Any, login: Any
) -> None:
    """The pages that list things from several places are among those an observer's crawl
    reads, so a leak there cannot pass unseen."""
    w = mw.world
    login(mw.users["observer"])
    pages = set(crawl(client).pages)
    gathering = {
        "/",
        f"/boards/{w.board.id}",
        f"/boards/{w.board.id}/subgroups",
        f"/boards/{w.board.id}/actions",
        "/decisions",
        f"/decisions/{mw.open_decision.id}",
        f"/actions/{mw.open_action.id}",
        f"/meetings/{w.meeting.id}",
        f"/meetings/{w.meeting.id}/minutes",
        f"/meetings/{w.meeting.id}/matters-arising",
        f"/meetings/{w.meeting.id}/attendance",
        f"/meetings/{mw.subgroup_item.meeting_id}",
    }
    assert gathering <= pages, sorted(gathering - pages)


@pytest.mark.parametrize("role", ROLES)
def test_each_marker_things_own_page_agrees_with_its_predicate(
    role: str, mw: MarkerWorld, client: Any, login: Any
) -> None:
    """The predicates the crawl judges by are those of the things' own pages."""
    user = _user(mw, role)
    if role != "anonymous":
        login(user)
    for marker, url in mw.own_urls.items():
        status = client.get(url).status_code
        may = mw.may_see(marker, user)
        assert (status == 200) is may, (marker, url, status, may)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", set()),
        ("admin", {*MARKERS, MINUTE, DRAFT, REVISION, MEETING}),
        ("auditor", {*MARKERS, MINUTE, DRAFT, REVISION}),
        ("secretary", {*MARKERS, MINUTE, DRAFT, REVISION, MEETING} - {"ZEBRAFISH-BOARD"}),
        ("chair", {*MARKERS, MINUTE} - {"ZEBRAFISH-BOARD"}),
        ("member", {*MARKERS, MINUTE} - {"ZEBRAFISH-BOARD"}),
        (
            "parent",
            {
                "ZEBRAFISH-ITEM",
                "ZEBRAFISH-PAPER",
                "ZEBRAFISH-DECISION",
                "ZEBRAFISH-ACTION",
                "ZEBRAFISH-REPORT",
                "ZEBRAFISH-INTEREST",
                "ZEBRAFISH-MINUTE",
            },
        ),
        ("observer", set()),
        ("outsider", {"ZEBRAFISH-BOARD"}),
    ],
)
def test_the_marker_world_gives_each_role_what_the_rules_say(
    role: str, expected: set[str], mw: MarkerWorld
) -> None:
    """Who may see which marker, spelled out: the crawl's expectations are not vacuous."""
    assert mw.allowed(_user(mw, role)) == expected
