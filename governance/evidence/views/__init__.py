"""Views of the evidence area: register exports and evidence packs.

Importing this package attaches every route of the area to its blueprint
(governance.evidence.blueprint).
"""

from governance.evidence.views import board, exports  # noqa: F401
