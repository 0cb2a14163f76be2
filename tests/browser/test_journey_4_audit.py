"""Journey 4: an auditor opens a decision's trail, follows it to the paper version it relied
on, verifies the audit chain and downloads the decision's evidence pack."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from tests.browser.pages import assert_accessible, main_text, snap

pytestmark = pytest.mark.browser


def test_auditor_follows_a_decision_to_its_paper_verifies_the_chain_and_gets_the_evidence(
    open_page: Any, tmp_path: Path
) -> None:
    page = open_page("auditor")
    page.goto("/")
    page.get_by_role("navigation").get_by_role("link", name="Decisions").click()
    page.get_by_label("Words or number").fill("Thursdays")
    page.get_by_role("button", name="Filter").click()
    rows = page.locator("main tbody tr")
    assert rows.count() == 1, main_text(page)[:500]
    rows.first.get_by_role("link", name=re.compile(r"PB.\d{4}.\d{3}")).click()

    text = main_text(page)
    number = re.search(r"Decision (PB/\d{4}/\d{3})", text)
    assert number, text[:300]
    assert "Open the children's centre until 7pm on Thursdays" in text
    assert "Working parents told the consultation" in text
    assert "Opening on Saturday mornings: rejected" in text
    # Read-only: the auditor is offered nothing to change.
    assert page.get_by_role("button", name=re.compile("Record|Save|Approve")).count() == 0
    trail = page.url
    assert_accessible(page, "a decision trail (auditor)")
    snap(page, "auditor-decision-trail")

    relied_on = page.locator("main tr").filter(has_text="Opening hours consultation").first
    sha = re.search(r"\b[0-9a-f]{64}\b", relied_on.inner_text())
    assert sha, "the trail shows the SHA-256 of each paper version relied on"
    relied_on.get_by_role("link", name="Opening hours consultation").click()
    text = main_text(page)
    assert "Opening hours consultation" in text
    assert re.search(r"version 1", text, re.IGNORECASE)
    assert "Parents asked for a late opening on Thursdays" in text
    assert_accessible(page, "a paper page (auditor)")

    page.get_by_role("link", name="Audit log").click()
    assert_accessible(page, "the audit log (auditor)")
    page.get_by_role("link", name="Verify the chain").click()
    assert re.search(r"Verified: all \d+ events chain correctly", main_text(page))

    page.goto(trail)
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download evidence pack (ZIP)").click()
    download = download_info.value
    assert download.suggested_filename == f"{number[1].replace('/', '-')}-evidence.zip"
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    with zipfile.ZipFile(path) as pack:
        names = pack.namelist()
        assert {"decision.json", "decision.html", "audit-events.json"} <= set(names)
        assert "VERIFIED" in pack.read("chain-verification.txt").decode()
        record = json.loads(pack.read("decision.json"))
        assert number[1] in json.dumps(record)
        papers = [n for n in names if n.startswith("papers/")]
        assert len(papers) == 1
        assert hashlib.sha256(pack.read(papers[0])).hexdigest() == sha[0]
        assert json.loads(pack.read("audit-events.json")), "the pack carries the audit events"
