"""What the boards area announces, so that higher areas can react without boards calling up."""

from blinker import Namespace

_signals = Namespace()

#: Sent by `operations.appoint` once the appointment is added, in the same transaction.
#: Sender: the new Appointment. Keyword `actor`: the User who made it, or None.
#: The induction area listens and starts the new member's induction (induction.listeners).
appointment_made = _signals.signal("appointment-made")
