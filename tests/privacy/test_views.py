"""The administrator's export and erasure pages, through the client."""

from __future__ import annotations

import io
import json
import zipfile

from governance.extensions import db
from tests.conftest import PASSWORD, audit_count


def test_admin_downloads_a_persons_data_as_a_zip(client, world, login) -> None:
    """ASVS 4.0.3 8.3.1: the subject access export is for administrators, never cached."""
    login(world.users["admin"])
    person = world.users["parent"].person
    response = client.get(f"/people/{person.id}/data-export.zip")
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Cache-Control"] == "no-store"
    data = json.loads(zipfile.ZipFile(io.BytesIO(response.data)).read("data.json"))
    assert data["person"]["id"] == person.id
    assert "password_hash" not in data["user_account"]


def test_person_page_offers_export_and_erase_to_admins_only(client, world, login) -> None:
    person = world.users["parent"].person
    login(world.users["admin"])
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "data-export.zip" in page and f"/people/{person.id}/erase" in page
    client.post("/logout")
    login(world.users["auditor"])
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "data-export.zip" not in page and "/erase" not in page


def test_erase_needs_the_typed_confirmation(client, world, login) -> None:
    person = world.users["parent"].person
    login(world.users["admin"])
    name, before = person.full_name, audit_count()
    response = client.post(f"/people/{person.id}/erase", data={"confirm": "yes"})
    assert response.status_code == 400
    assert "Type ERASE, in capitals" in response.get_data(as_text=True)
    db.session.expire_all()
    assert person.full_name == name and audit_count() == before


def test_erased_person_cannot_sign_in(client, world, login) -> None:
    """ASVS 4.0.3 8.3.2: erasure disables the login along with the details."""
    user = world.users["parent"]
    login(world.users["admin"])
    response = client.post(f"/people/{user.person.id}/erase", data={"confirm": "ERASE"})
    assert response.status_code == 302
    db.session.expire_all()
    assert user.person.full_name == f"Former member {user.person.id}"
    client.post("/logout")
    response = client.post("/login", data={"email": "parent@example.org", "password": PASSWORD})
    assert response.status_code != 302


def test_admin_cannot_erase_themselves(client, world, login) -> None:
    admin = world.users["admin"]
    login(admin)
    assert client.get(f"/people/{admin.person.id}/erase").status_code == 403
