"""What the attendance area asks of the areas above it (blinker), so that it can tell when a
change to a meeting's register changes what decisions already recorded there would count."""

from __future__ import annotations

from blinker import Namespace

_signals = Namespace()

#: Sent by the register's writes before and after they change a meeting's rows. Sender: the
#: Meeting. A receiver returns a list of `attendance.rules.Counted`: for each decision recorded
#: at the meeting, who the register as it now stands would count for its quorum.
counts_wanted = _signals.signal("attendance-counts-wanted")
