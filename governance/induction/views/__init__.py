"""Views of the induction area: the programme and each new member's record.

Importing this package attaches every route of the area to its blueprint
(governance.induction.blueprint).
"""

from governance.induction.views import programme, record  # noqa: F401
