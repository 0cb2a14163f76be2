"""Text people enter, carrying HTML and script, is shown back escaped wherever it appears.

Each field gets its own payload naming it, so a failure says which text leaked on which page.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any

import pytest

from governance.decisions.operations import DecisionDraft, record_decision
from governance.extensions import db
from governance.glossary import operations as glossary
from governance.interests.operations import add_interest
from governance.minutes import operations as minutes_ops
from governance.models import OutboxMessage
from tests.conftest import World
from tests.test_permissions_by_route import ALTERNATIVES, REASON, _held, _quorate


def payload(field: str) -> str:
    """Breaks out of an attribute, then opens an image and a script, all named after `field`."""
    return f'"><img src=x onerror=alert({field})><script>alert({field})</script>'


def shown_escaped(field: str) -> str:
    """How the payload reads in a page once Jinja has escaped it."""
    return f"&lt;script&gt;alert({field})&lt;/script&gt;"


def assert_no_markup(body: str) -> None:
    assert "<script>alert(" not in body
    assert "<img src=x" not in body


def hostile_world(w: World) -> World:
    """Every free-text field the pages below show, filled with its own payload."""
    _quorate(w)
    _held(w)
    w.board.name = "Board " + payload("board_name")
    w.users["member"].person.full_name = "Member " + payload("person_name")
    w.item.title = "Budget " + payload("item_title")
    w.item.description = "Core offer " + payload("item_description")
    w.paper.title = payload("paper_title")
    w.version.summary = payload("paper_summary")
    glossary.save_term(None, None, "Core offer", "Services " + payload("glossary_meaning"), [])
    w.decision = record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution="Agree " + payload("resolution"),
            rationale=REASON + payload("rationale"),
            alternatives=ALTERNATIVES + payload("alternatives"),
        ),
        moment=w.meeting.starts_at + timedelta(minutes=10),
    )
    w.action.title = "Write " + payload("action_title")
    held_minutes = minutes_ops.minutes_for(w.later)
    held_minutes.notes = {str(w.later.items[0].id): "Noted " + payload("minutes_note")}
    add_interest(
        None,
        w.users["member"].person,
        {
            "description": "Trustee " + payload("interest"),
            "kind": "non-financial",
            "starts_on": w.meeting.starts_at.date() - timedelta(days=400),
            "published": True,
        },
    )
    db.session.flush()
    return w


# page -> the fields it must show (escaped)
PAGES: dict[str, tuple[Any, tuple[str, ...]]] = {
    "meeting": (
        lambda w: f"/meetings/{w.meeting.id}",
        ("board_name", "item_title", "item_description", "paper_title", "paper_summary"),
    ),
    "glossary marking on the meeting": (
        lambda w: f"/meetings/{w.meeting.id}",
        ("glossary_meaning",),
    ),
    "paper": (lambda w: f"/papers/{w.paper.id}", ("paper_title", "paper_summary")),
    "decision trail": (
        lambda w: f"/decisions/{w.decision.id}",
        ("resolution", "rationale", "alternatives", "item_title"),
    ),
    "decision register": (lambda w: "/decisions", ("resolution",)),
    "minutes": (lambda w: f"/meetings/{w.later.id}/minutes", ("minutes_note",)),
    "actions": (lambda w: f"/boards/{w.board.id}/actions", ("action_title", "person_name")),
    "interests": (
        lambda w: f"/people/{w.users['member'].person.id}/interests",
        ("interest", "person_name"),
    ),
    "person": (lambda w: f"/people/{w.users['member'].person.id}", ("person_name",)),
    "people": (lambda w: "/people", ("person_name",)),
    "boards": (lambda w: "/boards", ("board_name",)),
    "board": (lambda w: f"/boards/{w.board.id}", ("board_name", "person_name")),
    "glossary": (lambda w: "/glossary", ("glossary_meaning",)),
    "attendance": (lambda w: f"/meetings/{w.meeting.id}/attendance", ("person_name",)),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_entered_text_is_shown_escaped_on_the_page(page, client, agenda_world, login):
    """ASVS 5.3.1, 5.3.3: stored text is output-encoded for HTML, so it cannot run as script."""
    w = hostile_world(agenda_world)
    build, fields = PAGES[page]
    login(w.users["admin"])
    response = client.get(build(w))
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert_no_markup(body)
    for field in fields:
        assert shown_escaped(field) in body, field


def test_outbox_mail_shows_entered_text_escaped(client, agenda_world, login):
    """ASVS 5.3.1: a notice built from entered titles is escaped when the outbox page shows it."""
    w = agenda_world
    w.draft_meeting.title = "Board " + payload("meeting_title")
    w.draft_meeting.items[0].title = payload("item_title")
    db.session.flush()
    login(w.users["admin"])
    before = {m.id for m in db.session.query(OutboxMessage.id)}
    assert client.post(f"/meetings/{w.draft_meeting.id}/notice", data={}).status_code == 302
    sent = [m for m in db.session.query(OutboxMessage) if m.id not in before]
    assert sent, "issuing the notice queues mail"
    assert any("alert(meeting_title)" in m.subject + m.body for m in sent)
    body = client.get(f"/outbox/{sent[0].id}").get_data(as_text=True)
    assert_no_markup(body)
    assert "alert(meeting_title)" in body


def unfolded_lines(ics: str) -> list[str]:
    """The content lines of an iCalendar text, with folded continuation lines joined."""
    return ics.replace("\r\n ", "").replace("\r\n\t", "").split("\r\n")


def test_calendar_feeds_carry_no_line_breaks_from_entered_text(client, agenda_world, login):
    """ASVS 5.3.x (output encoding for the interpreter): a title cannot add calendar lines."""
    w = agenda_world
    w.meeting.title = "Board\r\nATTENDEE:mailto:evil@example.org\nX-TITLE:injected"
    w.meeting.location = "Hall\r\nURL:https://evil.example.org"
    db.session.flush()
    login(w.users["admin"])
    for url in (f"/meetings/{w.meeting.id}/calendar.ics", f"/boards/{w.board.id}/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        text = response.get_data(as_text=True)
        lines = unfolded_lines(text)
        assert not [n for n in lines if n.startswith(("ATTENDEE", "X-TITLE", "URL:https://evil"))]
        assert "\n" not in text.replace("\r\n", ""), url
        assert "evil@example.org" in text, "the title is still there, escaped"


def test_csv_export_neutralises_formulas_and_json_keeps_text_exact(client, agenda_world, login):
    """ASVS 5.3.x: CSV cells that start a formula are neutralised; JSON is data, not markup."""
    w = _quorate(agenda_world)
    resolution = '=HYPERLINK("http://evil.example.org","Agree")'
    rationale = "@SUM(1+1) " + REASON
    decision = record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution=resolution, rationale=rationale, alternatives="+1 " + ALTERNATIVES
        ),
        moment=w.meeting.starts_at + timedelta(minutes=10),
    )
    db.session.flush()
    login(w.users["admin"])
    rows = list(csv.reader(io.StringIO(client.get("/decisions.csv").get_data(as_text=True))))
    cells = [cell for row in rows[1:] for cell in row]
    assert "'" + resolution in cells
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r")]
    response = client.get("/decisions.json")
    assert response.mimetype == "application/json"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    records = json.loads(response.get_data(as_text=True))
    mine = [r for r in records if r.get("number") == decision.number]
    assert mine and mine[0]["resolution"] == resolution
