"""Views of the sub-groups area: terms of reference and the parent board's overview.

Importing this package attaches every route of the area to its blueprint
(governance.subgroups.blueprint).
"""

from governance.subgroups.views import parent, terms  # noqa: F401
