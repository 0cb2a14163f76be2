"""How scripts/static_checks.py reads pip-audit's answer: fail, pass, or say it could not check."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
import static_checks  # noqa: E402


def report(*deps: dict) -> str:
    return json.dumps({"dependencies": list(deps), "fixes": []})


def test_a_known_vulnerability_in_a_pin_fails_the_run(capsys):
    """ASVS 14.2.1: a pinned component with a known vulnerability fails the tests."""
    vulnerable = {"name": "flask", "version": "0.1", "vulns": [{"id": "PYSEC-0000-1"}]}
    clean = {"name": "jinja2", "version": "3.1.6", "vulns": []}
    assert static_checks.judge(1, report(vulnerable, clean), "", "pypi") == 1
    assert "PYSEC-0000-1" in capsys.readouterr().out


def test_pins_without_known_vulnerabilities_pass():
    """ASVS 14.2.1: the check passes when every pin was looked up and none is vulnerable."""
    assert (
        static_checks.judge(
            0, report({"name": "flask", "version": "3.1.3", "vulns": []}), "", "pypi"
        )
        == 0
    )


@pytest.mark.parametrize(
    "stdout, stderr",
    [
        ("", "requests.exceptions.ConnectionError: HTTPSConnectionPool(host='api.osv.dev')"),
        (report({"name": "flask", "skip_reason": "Dependency not found on PyPI"}), ""),
    ],
)
def test_an_unreachable_service_is_said_plainly_and_does_not_fail(stdout, stderr, capsys):
    """ASVS 14.2.1: no answer from the service skips the check loudly instead of failing."""
    assert static_checks.judge(1, stdout, stderr, "osv") is None
    assert "SKIPPED" in capsys.readouterr().out


def test_every_dependency_in_pyproject_is_pinned_for_the_audit():
    """ASVS 14.2.4: the audit reads exact pins; a range would leave what runs unchecked."""
    import tomllib

    config = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())
    extras = config["tool"]["governance"]["pip-audit"]["extras"]
    pins = static_checks.pinned_requirements(config["project"], extras)
    assert "bandit==1.9.4" in pins and all("==" in p for p in pins)
