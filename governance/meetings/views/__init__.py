"""Views of the meetings area: scheduling, notice, and the agenda.

Importing this package attaches every route of the area to its blueprint
(governance.meetings.blueprint).
"""

from governance.meetings.views import agenda, schedule, withdraw  # noqa: F401
