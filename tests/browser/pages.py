"""Helpers the browser tests share: axe-core checks, screenshots, files to upload."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
AXE = HERE / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = HERE / "screenshots"
DOCS = ROOT / "docs"
#: Set to 1 (`make screenshots`) to refresh the README's pictures in docs/ as well.
UPDATE_DOCS = os.environ.get("GOVERNANCE_DOCS_SCREENSHOTS") == "1"

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 (printed by `flask seed-demo`)
#: The impacts that fail a page; "minor" and "moderate" findings are left to judgement.
FAILING_IMPACTS = ("serious", "critical")


def pdf(title: str) -> dict[str, Any]:
    """A small, real PDF file for an upload field."""
    body = (
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% "
        + title.encode()
        + b"\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    )
    name = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") + ".pdf"
    return {"name": name, "mimeType": "application/pdf", "buffer": body}


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """The serious and critical axe-core violations on the page as it is now."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate(
        """async () => {
            const r = await axe.run(document, {resultTypes: ['violations']});
            return r.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
            }));
        }"""
    )
    return [v for v in results if v["impact"] in FAILING_IMPACTS]


def describe(violations: list[dict[str, Any]], where: str) -> str:
    """Violations as lines a person can act on: rule, impact, help, then each element."""
    lines = [f"{len(violations)} serious or critical accessibility violation(s) on {where}:"]
    for v in violations:
        lines.append(f"- {v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:8]:
            summary = " ".join(str(node["summary"] or "").split())
            lines.append(f"    {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    ... and {len(v['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page: Any, where: str | None = None) -> None:
    """Fail, listing them, on any serious or critical axe-core violation on the page."""
    violations = axe_violations(page)
    assert not violations, describe(violations, where or page.url)


def snap(page: Any, name: str, *, docs: bool = False) -> Path:
    """A full-page screenshot in tests/browser/screenshots/ (and docs/ when refreshing them)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    if docs and UPDATE_DOCS:
        page.screenshot(path=str(DOCS / f"{name}.png"), full_page=True)
    assert path.stat().st_size > 0
    return path


def main_text(page: Any) -> str:
    """The words in the page's main landmark, whitespace collapsed."""
    return " ".join(page.locator("main").inner_text().split())


def agenda_item(page: Any, title: str) -> Any:
    """The agenda item whose heading reads `title` (glossary explanations left out)."""
    page.wait_for_load_state()
    index = page.locator("li.agenda-item h3").evaluate_all(
        """(headings, title) => headings.findIndex(h => {
            const copy = h.cloneNode(true);
            copy.querySelectorAll('.gloss-tip').forEach(tip => tip.remove());
            return copy.textContent.replace(/\\s+/g, ' ').trim() === title;
        })""",
        title,
    )
    assert index >= 0, f"No agenda item “{title}” on {page.url}"
    return page.locator("li.agenda-item").nth(index)
