"""Every kind of audit event the code writes reads in plain words on the audit log."""

from __future__ import annotations

import re
from pathlib import Path

from governance.audit.wording import VERBS

ROOT = Path(__file__).resolve().parents[2] / "governance"
#: The action argument of record_event(...): a literal, or an f-string choosing between two.
CALL = re.compile(r"record_event\(\s*[^,]+,\s*(f?)\"([a-z_]+\.[a-z_{}' .=A-Z]+)\"", re.S)
CHOICE = re.compile(r"\{'(\w+)' if .*? else '(\w+)'\}")


def written_kinds() -> set[str]:
    kinds: set[str] = set()
    for path in ROOT.rglob("*.py"):
        for is_f, action in CALL.findall(path.read_text(encoding="utf-8")):
            choice = CHOICE.search(action) if is_f else None
            if choice:
                kinds |= {CHOICE.sub(word, action) for word in choice.groups()}
            elif "{" not in action:
                kinds.add(action)
    return kinds


def test_the_finder_sees_the_kinds_of_every_area():
    kinds = written_kinds()
    assert {"decision.record", "paper.consent_grant", "paper.consent_refuse"} <= kinds
    assert len(kinds) > 60


def test_every_kind_of_event_written_has_a_plain_verb():
    missing = sorted(written_kinds() - set(VERBS))
    assert missing == [], f"audit.wording.VERBS lacks: {missing}"
