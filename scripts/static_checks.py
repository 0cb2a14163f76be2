"""Static security checks run by scripts/run_tests.py: bandit over our code, pip-audit over pins.

bandit fails the run on any high-severity finding ([tool.bandit] in pyproject.toml says what
it scans). pip-audit asks the vulnerability service about every dependency pinned in
pyproject.toml ([tool.governance.pip-audit] holds its settings): a known vulnerability fails
the run; a service that cannot be reached is said plainly and skips the check instead.

Run alone: `python scripts/static_checks.py`.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
PIN = re.compile(r"^\s*([A-Za-z0-9._-]+)(\[[^\]]*\])?\s*==\s*([^;\s]+)")


def _pyproject() -> dict[str, Any]:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())


def bandit() -> int:
    """Scan our code; non-zero when bandit reports a finding of high severity."""
    targets = _pyproject()["tool"]["bandit"]["targets"]
    print("\n=== bandit (high severity fails) ===", flush=True)
    command = [str(BIN / "bandit"), "-c", "pyproject.toml", "-r", *targets]
    return subprocess.run([*command, "-q", "--severity-level", "high"], cwd=ROOT).returncode


def pinned_requirements(project: dict[str, Any], extras: list[str]) -> list[str]:
    """`name==version` for every pinned dependency of the project and of the named extras."""
    lines = list(project["dependencies"])
    for extra in extras:
        lines += project["optional-dependencies"][extra]
    pins = []
    for line in lines:
        match = PIN.match(line)
        if match is None:
            raise SystemExit(f"Not pinned with ==, so pip-audit cannot check it: {line!r}")
        pins.append(f"{match.group(1)}=={match.group(3)}")
    return pins


def pip_audit() -> int | None:
    """Audit the pins: 0 clean, 1 vulnerable, None when the service could not be reached."""
    config = _pyproject()
    settings = config["tool"]["governance"]["pip-audit"]
    pins = pinned_requirements(config["project"], settings["extras"])
    print(f"\n=== pip-audit ({len(pins)} pinned dependencies) ===", flush=True)
    with tempfile.TemporaryDirectory() as tmp:
        requirements = Path(tmp) / "requirements.txt"
        requirements.write_text("\n".join(pins) + "\n")
        command = [str(BIN / "pip-audit"), "-r", str(requirements), "--no-deps", "--disable-pip"]
        command += ["--format", "json", "--progress-spinner", "off"]
        command += ["--vulnerability-service", settings["vulnerability-service"]]
        command += ["--timeout", str(settings["timeout"])]
        for vuln in settings["ignore-vulns"]:
            command += ["--ignore-vuln", vuln]
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    return judge(done.returncode, done.stdout, done.stderr, settings["vulnerability-service"])


def judge(code: int, stdout: str, stderr: str, service: str) -> int | None:
    """Read pip-audit's JSON report: vulnerable, clean, or not checked at all."""
    try:
        report = json.loads(stdout)
    except ValueError:
        report = None
    if report is None:
        if "ConnectionError" in stderr or "Max retries" in stderr or "Timeout" in stderr:
            print(
                f"*** pip-audit SKIPPED: the {service} vulnerability service cannot be reached."
                " The pinned dependencies were NOT checked for known vulnerabilities. ***"
            )
            return None
        print(stderr[-4000:])
        return code or 1
    deps = report["dependencies"]
    unchecked = [d for d in deps if "skip_reason" in d]
    vulnerable = [d for d in deps if d.get("vulns")]
    for dep in vulnerable:
        ids = ", ".join(v["id"] for v in dep["vulns"])
        print(f"VULNERABLE: {dep['name']} {dep.get('version', '')}: {ids}")
    if deps and len(unchecked) == len(deps):
        print(
            f"*** pip-audit SKIPPED: the {service} vulnerability service answered for none of"
            f" the {len(deps)} pins (first: {unchecked[0]['skip_reason']}). The pinned"
            " dependencies were NOT checked for known vulnerabilities. ***"
        )
        return None
    for dep in unchecked:
        print(f"not checked: {dep['name']}: {dep['skip_reason']}")
    if vulnerable:
        return 1
    print(f"No known vulnerabilities in {len(deps) - len(unchecked)} pinned dependencies.")
    return 0


if __name__ == "__main__":
    codes = [bandit(), pip_audit()]
    raise SystemExit(0 if all(c in (0, None) for c in codes) else 1)
