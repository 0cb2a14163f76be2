"""How the induction area reacts to what other areas announce. Connected by create_app."""

from __future__ import annotations

from typing import Any

from governance.boards.models import Appointment
from governance.boards.signals import appointment_made
from governance.induction.operations import start_for_appointment


@appointment_made.connect
def start_induction(appointment: Appointment, **kwargs: Any) -> None:
    """An appointment starts the new member's induction, as the board's programme says."""
    start_for_appointment(kwargs.get("actor"), appointment)
