"""Views of the boards area: boards, membership, and the directory of people and organisations.

Importing this package attaches every route of the area to its blueprint
(governance.boards.blueprint).
"""

from governance.boards.views import boards, directory, membership  # noqa: F401
