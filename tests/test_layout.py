"""Where things live: forms in an area's forms module, predicates in its permissions module."""

from __future__ import annotations

import ast
from pathlib import Path

import governance

ROOT = Path(governance.__file__).parent


def _modules() -> list[tuple[str, ast.Module]]:
    return [
        (str(path.relative_to(ROOT.parent)), ast.parse(path.read_text()))
        for path in sorted(ROOT.rglob("*.py"))
    ]


def test_every_form_class_is_defined_in_a_forms_module():
    misplaced = [
        f"{name}: {node.name}"
        for name, tree in _modules()
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        and any(getattr(base, "id", "") == "FlaskForm" for base in node.bases)
        and not name.endswith("forms.py")
    ]
    assert misplaced == []


def test_every_permission_predicate_is_defined_in_a_permissions_module():
    misplaced = [
        f"{name}: {node.name}"
        for name, tree in _modules()
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and node.name.startswith("can_")
        and not name.endswith("permissions.py")
    ]
    assert misplaced == []


def test_no_area_repeats_the_optional_id_coercion():
    wrappers = [
        f"{name}: {node.name}"
        for name, tree in _modules()
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and node.name == "_optional_int"
    ]
    assert wrappers == []
