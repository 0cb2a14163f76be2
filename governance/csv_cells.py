"""CSV that spreadsheets open as text: every CSV the app writes goes through `write_row`.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula (and some strip a
leading tab, carriage return or spaces first). Which character splits cells depends on the
spreadsheet's settings, not on the file: where the comma is the decimal mark, `;` does, and
pasted text splits on tabs. So a cell written as `Agree;=HYPERLINK(...)` is one harmless cell to
a comma-separated reader and a formula to a semicolon-separated one. Every part of a cell that
any of those separators (or a line break) could make a cell of its own is therefore checked,
and a part that would start a formula gets a leading `'`, which spreadsheets read as "this is
text" and do not show.
"""

from __future__ import annotations

import re
from typing import Any, Protocol

#: Spreadsheets run a cell starting with these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")
#: What a spreadsheet may split a cell on, kept in the split result so the text is rebuilt as is.
_SEPARATORS = re.compile(r"([,;\t\r\n])")


class RowWriter(Protocol):
    def writerow(self, row: Any, /) -> Any: ...


def safe_cell(value: Any) -> Any:
    """`value` with a `'` before every part that would start a formula; non-text unchanged."""
    if not isinstance(value, str) or not value:
        return value
    parts = _SEPARATORS.split(value)
    # Even indexes are the text between separators; odd ones the separators themselves.
    for index in range(0, len(parts), 2):
        part = parts[index]
        text = part.lstrip()  # spreadsheets skip leading spaces (and tabs, no-break spaces)
        if text.startswith(FORMULA_STARTS):
            parts[index] = part[: len(part) - len(text)] + "'" + text
    return "".join(parts)


def write_row(writer: RowWriter, values: list[Any]) -> Any:
    """Write one row of cells through `writer` (a `csv.writer`), each made safe."""
    return writer.writerow([safe_cell(v) for v in values])
