"""Who may export or erase a person's data: administrators only (auditors read, never write)."""

from __future__ import annotations

from typing import Any


def _admin(user: Any) -> bool:
    return bool(
        user is not None
        and getattr(user, "is_authenticated", False)
        and user.is_admin
        and not user.is_auditor
    )


def can_export_person_data(user: Any, person: Any) -> bool:
    """Administrators answer subject access requests."""
    return _admin(user) and person is not None


def can_erase_person(user: Any, person: Any) -> bool:
    """Administrators erase a person's details, though never their own."""
    return _admin(user) and person is not None and user.person_id != person.id


PREDICATES = {
    "can_export_person_data": can_export_person_data,
    "can_erase_person": can_erase_person,
}
