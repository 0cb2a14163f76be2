"""The audit log page."""

from __future__ import annotations

import re


def test_audit_log_pages_by_key_newest_first(client, world, login):
    login(world.users["auditor"])
    first = client.get("/audit/").get_data(as_text=True)
    seqs = [int(s) for s in re.findall(r'<tr class="event" id="event-(\d+)">', first)]
    assert len(seqs) == 5 and seqs == sorted(seqs, reverse=True)  # PAGE_SIZE is 5 in tests
    match = re.search(r'href="/audit/\?before=(\d+)"', first)
    assert match and int(match.group(1)) == seqs[-1]
    second = client.get(f"/audit/?before={seqs[-1]}").get_data(as_text=True)
    more = [int(s) for s in re.findall(r'<tr class="event" id="event-(\d+)">', second)]
    assert more[0] == seqs[-1] - 1


def test_audit_log_filters_by_action(client, world, login):
    login(world.users["admin"])
    page = client.get("/audit/?action=appointment").get_data(as_text=True)
    actions = set(re.findall(r'<code class="kind">([a-z_.]+)</code>', page))
    assert actions == {"appointment.create"}


def test_audit_verify_page_reports_an_intact_chain(client, world, login):
    login(world.users["auditor"])
    page = client.get("/audit/verify").get_data(as_text=True)
    assert "Verified" in page


def test_audit_log_does_not_show_personal_data(client, world, login):
    login(world.users["auditor"])
    page = client.get("/audit/?action=person").get_data(as_text=True)
    assert "person.create" in page
    assert "@example.org" not in page.split("<footer")[0]
