"""Views of the decisions area: recording a decision, the register, a decision's trail.

Importing this package attaches every route of the area to its blueprint
(governance.decisions.blueprint).
"""

from governance.decisions.views import record, register, trail  # noqa: F401
