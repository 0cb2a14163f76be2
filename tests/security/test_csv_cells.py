"""CSV cells a spreadsheet would run as a formula are neutralised, whatever separator it uses.

A spreadsheet set to split on ";" (the usual setting where "," is the decimal mark) or on tabs
reads `Agree;=HYPERLINK(...)` as two cells, the second a formula. Every part of a cell that a
spreadsheet could take for a cell of its own is therefore checked, not only the cell's start.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import governance
from governance.attendance.models import Attendance, AttendanceStatus
from governance.csv_cells import safe_cell
from governance.decisions.operations import DecisionDraft, record_decision
from governance.evidence.views import board as board_evidence
from governance.evidence.views import exports as export_views
from governance.extensions import db

#: What a spreadsheet might split a cell on, whichever separator it was told to use.
PARTS = re.compile(r"[,;\t\r\n]")
DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
REASON = "The paper showed the shortfall, and members agreed the figures were sound."
ALTERNATIVES = "Cutting outreach instead, rejected because families would lose the service."


def runnable_parts(cell: str) -> list[str]:
    """Parts of a cell a spreadsheet would run: after leading spaces, a formula start."""
    return [p for p in PARTS.split(cell) if p.lstrip(" ").startswith(DANGEROUS)]


#: Text rich in separators, spaces and formula starts, around ordinary words.
pieces = st.sampled_from(
    ["=", "+", "-", "@", ";", ",", "\t", "\r", "\n", " ", "\u00a0", "'", '"', "SUM(1)", "ok", "1"]
)
cells = st.lists(st.one_of(pieces, st.text(max_size=5)), max_size=12).map("".join)


@given(cells)
def test_no_part_of_a_neutralised_cell_starts_a_formula(value):
    assert runnable_parts(safe_cell(value)) == []


@given(cells)
def test_neutralising_only_adds_quotes_and_leaves_safe_text_alone(value):
    out = safe_cell(value)
    assert out.replace("'", "") == value.replace("'", "")
    if not runnable_parts(value) and not any(
        p.lstrip().startswith(DANGEROUS) for p in PARTS.split(value)
    ):
        assert out == value


def test_numbers_and_empty_values_pass_through():
    assert [safe_cell(v) for v in (None, 3, -2, True, "")] == [None, 3, -2, True, ""]


def test_every_csv_the_app_writes_goes_through_the_one_helper():
    root = Path(governance.__file__).parent
    writers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if re.search(r"\.writerows?\(", path.read_text(encoding="utf-8"))
    ]
    assert writers == ["csv_cells.py"]


def _read(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text.lstrip("\ufeff"))) for cell in row]


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.fixed_dictionaries({c: cells for c in export_views.COLUMNS}), max_size=3))
def test_no_cell_of_either_register_csv_starts_a_formula_in_any_part(rows):
    streamed = "".join(export_views._csv(iter(rows)))
    in_pack = board_evidence._csv(rows).decode("utf-8")
    for text in (streamed, in_pack):
        assert [c for c in _read(text) if runnable_parts(c)] == []


@pytest.fixture
def w(started_world):
    w = started_world
    for role in ("member", "parent"):
        db.session.add(
            Attendance(
                meeting=w.meeting,
                person_id=w.users[role].person.id,
                status=AttendanceStatus.PRESENT,
            )
        )
    db.session.flush()
    w.decision = record_decision(
        None,
        w.item,
        DecisionDraft(
            resolution='Agree;=HYPERLINK("http://evil.example.org","Agree")',
            rationale=REASON + "\t=1+1",
            alternatives=ALTERNATIVES + "; @SUM(A1)",
        ),
        moment=w.meeting.starts_at + timedelta(minutes=10),
    )
    db.session.flush()
    return w


def test_the_register_csv_neutralises_a_formula_after_a_semicolon_or_tab(client, login, w):
    login(w.users["auditor"])
    cells = _read(client.get("/decisions.csv").get_data(as_text=True))
    assert 'Agree;\'=HYPERLINK("http://evil.example.org","Agree")' in cells
    assert [c for c in cells if runnable_parts(c)] == []


def test_the_evidence_packs_register_neutralises_a_formula_after_a_semicolon(client, login, w):
    login(w.users["auditor"])
    day = w.meeting.starts_at.date()
    query = {
        "board_id": str(w.board.id),
        "taken_from": str(day - timedelta(days=1)),
        "taken_to": str(day + timedelta(days=1)),
    }
    response = client.get("/decisions/evidence.zip", query_string=query)
    archive = zipfile.ZipFile(io.BytesIO(response.get_data()))
    cells = _read(archive.read("register.csv").decode("utf-8"))
    assert any(c.startswith("Agree;'=HYPERLINK") for c in cells)
    assert [c for c in cells if runnable_parts(c)] == []
