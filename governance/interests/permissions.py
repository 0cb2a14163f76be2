"""Who may see and change a person's register of interests."""

from __future__ import annotations

from typing import Any

from governance.boards.models import Person
from governance.boards.permissions import can_edit_person, serves_as_secretary
from governance.viewer import signed_in


def can_see_unpublished_interests(user: Any, person: Person) -> bool:
    """Unpublished entries are for the person, administrators, auditors, and the secretary of
    a board the person sits or sat on (or of a person within that secretary's reach)."""
    if not signed_in(user):
        return False
    if user.person_id == person.id or user.is_admin or user.is_auditor:
        return True
    return serves_as_secretary(user, person) or can_edit_person(user, person)


def can_manage_interests(user: Any, person: Person) -> bool:
    """The person keeps their own register; administrators may too, and so may a secretary
    who serves every board the person is on (as for the person's details)."""
    if not signed_in(user) or user.is_auditor:
        return False
    return can_edit_person(user, person)
