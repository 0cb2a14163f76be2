"""Applying form values to a model while noting what changed, for the audit log."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from governance.audit.rules import field_changes


def snapshot(obj: Any, fields: Iterable[str]) -> dict[str, Any]:
    """The current values of `fields` on `obj`."""
    return {name: getattr(obj, name) for name in fields}


def apply_changes(
    obj: Any, values: Mapping[str, Any], personal: Iterable[str] = ()
) -> dict[str, list[Any]]:
    """Set `values` on `obj` and return {field: [before, after]} for those that changed."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    return field_changes(before, snapshot(obj, values), personal)
