"""A visitor's start page says what the service is and what public boards publish, and links
to each public board (and to nothing private)."""

from __future__ import annotations

from governance.extensions import db
from tests.conftest import counting


def _page(client) -> str:
    response = client.get("/")
    assert response.status_code == 200, response.headers.get("Location")
    return response.get_data(as_text=True)


def test_a_visitor_is_told_what_the_service_is_and_what_public_boards_publish(client, world):
    page = _page(client)
    assert "<h1>" in page
    assert "meetings, papers, decisions and minutes of partnership boards" in page
    assert "What public boards publish" in page
    for published in ("who sits on the board", "agenda", "papers", "decisions", "minutes"):
        assert published in page, published
    assert "confidential items" in page.lower()  # and says what stays private
    assert 'href="/login"' in page


def test_the_start_page_links_to_every_public_board_and_no_private_one(client, world):
    page = _page(client)
    assert f'href="/boards/{world.public_board.id}"' in page and "Open Board" in page
    assert f'href="/decisions?board_id={world.public_board.id}"' in page
    for private in (world.board, world.subgroup, world.other_board):
        assert f'href="/boards/{private.id}"' not in page and private.name not in page


def test_the_start_page_says_so_when_no_board_is_public(client, world):
    world.public_board.is_public = False
    db.session.flush()
    page = _page(client)
    assert "No board publishes its work here yet" in page


def test_the_start_page_reads_the_same_few_statements_however_many_boards(
    client, world, make_board
):
    client.get("/")
    with counting() as few:
        client.get("/?n=1")
    for n in range(4):
        make_board(name=f"Open Board {n}", code=f"OP{n}", is_public=True)
    with counting() as many:
        page = client.get("/?n=2").get_data(as_text=True)
    assert "Open Board 3" in page
    assert len(many) == len(few)


def test_a_signed_in_member_still_starts_at_their_own_page(client, world, login):
    login(world.users["member"])
    page = client.get("/").get_data(as_text=True)
    assert "Welcome, Member" in page and "What public boards publish" not in page
