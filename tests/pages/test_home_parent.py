"""The parent's home page: meeting titles, groups she is not a member of, the next induction
step near the top, and a link to do every step of her induction that is hers to do."""

from __future__ import annotations

import re
from datetime import timedelta

from governance.database import utcnow
from governance.extensions import db
from governance.induction import materials, operations
from governance.induction.models import StepKind


def _home(client, login, user) -> str:
    login(user)
    return client.get("/").get_data(as_text=True)


def _cards(page: str) -> list[str]:
    main = page.split('id="coming-up"', 1)[1].split('id="my-', 1)[0]
    return re.findall(r"<li>.*?</li>", main, re.DOTALL)


def test_meeting_cards_show_the_meetings_title(client, login, world, make_meeting):
    make_meeting(
        world.board, starts_at=utcnow() + timedelta(days=9), notice=True, title="Budget setting"
    )
    db.session.flush()
    cards = _cards(_home(client, login, world.users["parent"]))
    assert any("Budget setting" in card and "Partnership Board" in card for card in cards)


def test_a_meeting_of_a_group_she_is_not_a_member_of_says_so(client, login, world, make_meeting):
    make_meeting(world.board, starts_at=utcnow() + timedelta(days=9), notice=True, title="Ours")
    make_meeting(
        world.subgroup, starts_at=utcnow() + timedelta(days=10), notice=True, title="Theirs"
    )
    db.session.flush()
    cards = _cards(_home(client, login, world.users["parent"]))
    theirs = next(card for card in cards if "Theirs" in card)
    ours = next(card for card in cards if "Ours" in card)
    assert "You are not a member of this group" in theirs and "/reply" not in theirs
    assert "not a member" not in ours and "/reply" in ours


def test_the_next_induction_step_is_near_the_top_with_a_link_to_do_it(client, login, world):
    page = _home(client, login, world.users["parent"])
    top = page.split('id="coming-up"', 1)[0]
    found = re.search(r'id="next-step".*?</section>', top, re.DOTALL)
    assert found is not None, "no next step above the meetings"
    assert re.search(r'<a [^>]*href="[^"]+"', found.group(0))


def test_every_step_still_to_do_has_a_link_to_do_it(client, login, world):
    record = operations.existing_record(world.board, world.users["parent"].person.id)
    by_title = {i.title: i for i in record.items}
    terms = by_title["Terms of reference read"].step
    page = materials.add_page(None, terms, "Our terms of reference", "The board's rules here.")
    db.session.flush()
    shown = _home(client, login, world.users["parent"])
    section = shown.split('id="my-induction"', 1)[1].split("</section>", 1)[0]
    steps = re.findall(r'<li class="step-todo">(.*?)</li>', section, re.DOTALL)
    outstanding = [i for i in record.items if i.done_on is None and i.kind is not StepKind.BUDDY]
    assert len(steps) >= min(3, len(outstanding))
    for step in steps:
        assert re.search(r'<a [^>]*href="[^"]+"', step), step
    terms_line = next(s for s in steps if "Terms of reference read" in s)
    assert f"/induction/material/{page.id}" in terms_line
    glossary_line = next((s for s in steps if "The glossary" in s), None)
    if glossary_line is not None:
        assert 'href="/glossary"' in glossary_line


def test_other_groups_meetings_never_crowd_her_own_off_the_page(client, login, world, make_meeting):
    for n in range(6):
        make_meeting(
            world.subgroup, starts_at=utcnow() + timedelta(days=2 + n), notice=True, title=f"S{n}"
        )
    make_meeting(world.board, starts_at=utcnow() + timedelta(days=20), notice=True, title="Ours")
    db.session.flush()
    page = _home(client, login, world.users["parent"])
    coming_up = page.split('id="coming-up"', 1)[1].split("</section>", 1)[0]
    assert "Ours" in coming_up and "S0" not in coming_up
    assert "S0" in page.split('id="other-meetings"', 1)[1]
