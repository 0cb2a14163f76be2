"""The register's board filter: every board offered, the chosen one selected, in a fixed number
of statements however many boards there are."""

from __future__ import annotations

import re

from governance.extensions import db
from tests.conftest import counting


def options(response) -> list[tuple[str, str, bool]]:
    select = re.search(r'<select id="board_id" name="board_id">(.*?)</select>', response.text, re.S)
    assert select, "the board filter is missing"
    return [
        (value, label, bool(selected))
        for selected, value, label in re.findall(
            r'<option( selected)? value="([^"]*)">([^<]*)</option>', select.group(1)
        )
    ]


def test_the_board_filter_is_labelled_and_offers_every_board_by_name(client, login, world):
    login(world.users["auditor"])
    response = client.get("/decisions")
    assert '<label for="board_id">Board</label>' in response.text
    offered = options(response)
    assert offered[0] == ("", "All boards", True)
    assert (str(world.board.id), "Partnership Board", False) in offered
    assert [label for _, label, _ in offered[1:]] == sorted(label for _, label, _ in offered[1:])


def test_the_chosen_board_stays_selected_and_names_are_escaped(client, login, world, make_board):
    odd = make_board(name='Tom & Jerry\'s "Board" <b>')
    db.session.flush()
    login(world.users["auditor"])
    offered = options(client.get(f"/decisions?board_id={odd.id}"))
    assert (str(odd.id), "Tom &amp; Jerry&#39;s &#34;Board&#34; &lt;b&gt;", True) in offered
    assert [selected for _, _, selected in offered].count(True) == 1


def test_the_register_runs_the_same_statements_however_many_boards(
    client, login, world, make_board
):
    login(world.users["auditor"])

    def run() -> int:
        with counting() as statements:
            assert client.get("/decisions").status_code == 200
        return len(statements)

    few = run()
    for _ in range(6):
        make_board()
    db.session.flush()
    assert run() == few
