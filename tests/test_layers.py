"""The import contracts in pyproject.toml ([tool.importlinter]) hold, and they would catch a
lower area importing a higher one, a cycle between areas, and an import hidden in a function.

Each breaking case runs lint-imports on a copy of the package with one import added, so the
contracts are shown to fail on exactly the change they exist to refuse.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=where,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The package and its contracts, copied where an import can be added without harm."""
    shutil.copytree(ROOT / "governance", tmp_path / "governance")
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def add_line(module: Path, line: str) -> None:
    module.write_text(module.read_text() + "\n" + line + "\n")


def test_the_import_contracts_hold_for_the_package():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_the_contracts_hold_for_an_untouched_copy(copy):
    """The copy is checked, not the installed package: the breaking cases below mean something."""
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_lower_area_importing_a_higher_one_breaks_the_contracts(copy):
    add_line(copy / "governance/boards/operations.py", "import governance.induction.operations")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "governance.boards is not allowed to import governance.induction" in result.stdout


def test_an_import_cycle_between_areas_breaks_the_contracts(copy):
    # meetings is imported by papers; papers imported back by meetings closes a cycle.
    add_line(copy / "governance/meetings/rules.py", "import governance.papers.rules")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "No cycles are allowed in governance." in result.stdout


def test_an_import_inside_a_function_still_counts(copy):
    """Importing inside a function to dodge a cycle is still an import, and still refused."""
    add_line(
        copy / "governance/decisions/operations.py",
        "def _dodge():\n    from governance.subgroups import authority\n\n    return authority",
    )
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "governance.decisions is not allowed to import governance.subgroups" in result.stdout


def test_rules_importing_views_inside_an_area_breaks_the_contracts(copy):
    add_line(copy / "governance/meetings/rules.py", "import governance.meetings.views")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "governance.meetings.rules is not allowed to import governance.meetings.views" in (
        result.stdout
    )


def test_the_pages_importing_an_areas_views_breaks_the_contracts(copy):
    """A page gathers the areas' queries and predicates, never another module's routes."""
    add_line(copy / "governance/pages/meeting.py", "import governance.replies.views")
    result = lint_imports(copy)
    assert result.returncode != 0
    assert "governance.pages is not allowed to import governance.replies.views" in result.stdout
