"""The app's own template filters are all registered from one module."""

from __future__ import annotations

from jinja2.defaults import DEFAULT_FILTERS

from governance.filters import FILTERS

#: Filters Flask itself adds to Jinja's own.
FLASK_FILTERS = {"tojson"}


def test_every_filter_of_the_apps_own_comes_from_governance_filters(app):
    ours = set(app.jinja_env.filters) - set(DEFAULT_FILTERS) - FLASK_FILTERS
    assert ours == set(FILTERS)
    assert all(app.jinja_env.filters[name] is FILTERS[name] for name in FILTERS)
