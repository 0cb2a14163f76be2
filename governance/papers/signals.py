"""What the papers area asks, so that higher areas can refuse a change it cannot judge."""

from blinker import Namespace

_signals = Namespace()

#: Sent by `operations.withdraw_version` before anything is written. Sender: the PaperVersion.
#: A receiver refuses by raising DomainError (the decisions area does, for a version a
#: decision relied on).
version_withdrawal_asked = _signals.signal("version-withdrawal-asked")
