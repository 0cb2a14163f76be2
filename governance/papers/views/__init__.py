"""Views of the papers area: a paper and its versions, circulation, compliance figures.

Importing this package attaches every route of the area to its blueprint
(governance.papers.blueprint).
"""

from governance.papers.views import circulation, consent, paper  # noqa: F401
