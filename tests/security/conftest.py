"""Fixtures of the security tests: the marker world (see tests/security/markers.py)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.security.markers import MarkerWorld, build


@pytest.fixture
def marker_world(started_world: Any) -> MarkerWorld:
    """The started world with a marker word in every confidential or private thing."""
    return build(started_world)
