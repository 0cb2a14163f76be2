"""Request size limits: every route but the two uploads refuses a large body before reading it."""

from __future__ import annotations

import io

import pytest

from tests.conftest import PDF

#: Bigger than the global request limit, far smaller than the paper limit.
OVER_GLOBAL = 3 * 1024 * 1024


def multipart_body(size: int) -> io.BytesIO:
    """A multipart form of `size` bytes: one huge file part, which Werkzeug would spool to
    disk. The stream's position afterwards shows how much was read."""
    head = b'--x\r\nContent-Disposition: form-data; name="email"; filename="a.txt"\r\n\r\n'
    return io.BytesIO(head + b"a" * (size - len(head) - 7) + b"\r\n--x--")


@pytest.mark.parametrize("url", ["/login", "/account/password", "/boards/new"])
def test_a_body_over_the_global_limit_is_refused_before_it_is_read(url, client):
    """ASVS 12.1.1, 13.1.3: a large anonymous body is a 413, and is not spooled to disk first."""
    stream = multipart_body(OVER_GLOBAL)
    response = client.post(url, input_stream=stream, content_type="multipart/form-data; boundary=x")
    assert response.status_code == 413
    assert stream.tell() == 0  # not a byte of the body was read
    assert "too large" in response.get_data(as_text=True).lower()


def test_the_form_limits_are_set_for_every_route(app):
    """Fields held in memory and the number of parts are bounded as well as the whole body."""
    assert 0 < app.config["MAX_CONTENT_LENGTH"] < app.config["MAX_PAPER_BYTES"]
    assert 0 < app.config["MAX_FORM_MEMORY_SIZE"] <= app.config["MAX_CONTENT_LENGTH"]
    assert 0 < app.config["MAX_FORM_PARTS"] <= 1000


def test_a_paper_larger_than_the_global_limit_is_still_accepted(client, agenda_world, login):
    """The upload routes keep MAX_PAPER_BYTES as their own limit."""
    w = agenda_world
    login(w.users["secretary"])
    big = PDF + b"%" + b"0" * OVER_GLOBAL + b"\n"
    # Encoded here: the test client would spool a body this size to a temporary file that
    # it never closes (a ResourceWarning).
    body = b"".join(
        [
            b'--x\r\nContent-Disposition: form-data; name="title"\r\n\r\nBig paper\r\n',
            b'--x\r\nContent-Disposition: form-data; name="summary"\r\n\r\nA long one.\r\n',
            b'--x\r\nContent-Disposition: form-data; name="file"; filename="b.pdf"\r\n',
            b"Content-Type: application/pdf\r\n\r\n" + big + b"\r\n--x--\r\n",
        ]
    )
    response = client.post(
        f"/items/{w.item.id}/papers/new",
        input_stream=io.BytesIO(body),
        content_type="multipart/form-data; boundary=x",
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
