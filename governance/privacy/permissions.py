"""Who may export or erase a person's data: administrators only (auditors read, never write)."""

from __future__ import annotations

from typing import Any

from governance.viewer import acting_admin


def can_export_person_data(user: Any, person: Any) -> bool:
    """Administrators answer subject access requests."""
    return acting_admin(user) and person is not None


def can_erase_person(user: Any, person: Any) -> bool:
    """Administrators erase a person's details, though never their own."""
    return acting_admin(user) and person is not None and user.person_id != person.id


PREDICATES = {
    "can_export_person_data": can_export_person_data,
    "can_erase_person": can_erase_person,
}
