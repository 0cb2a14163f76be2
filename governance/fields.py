"""Form fields shared by every area."""

from __future__ import annotations

import re
from typing import Any

import wtforms

#: The largest whole number an integer column holds (32-bit, as on PostgreSQL).
LARGEST_WHOLE_NUMBER = 2**31 - 1
#: The largest a BigInteger column (the audit log's sequence) holds.
LARGEST_BIG_NUMBER = 2**63 - 1
#: A whole number written in ASCII digits only: str.isdigit() and int() also take other
#: scripts' digits and superscripts ("١٢٣", "²"), which the rules after them do not expect.
_ASCII_WHOLE = re.compile(r"-?[0-9]{1,19}")


def whole_number(
    value: object, *, lowest: int = -LARGEST_WHOLE_NUMBER, highest: int = LARGEST_WHOLE_NUMBER
) -> int | None:
    """`value` as a whole number between `lowest` and `highest`, or None when it is anything
    else: not ASCII digits (with an optional minus), or out of range. The one parser for
    numbers people (or their browsers' address bars) send."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    elif isinstance(value, str) and _ASCII_WHOLE.fullmatch(value):
        number = int(value)
    else:
        return None
    return number if lowest <= number <= highest else None


def is_ascii_digits(text: str) -> bool:
    """True when `text` is one or more of the digits 0-9 and nothing else."""
    return text.isascii() and text.isdigit()


def optional_id(value: object) -> int | None:
    """A select field's `coerce` for an optional row id: None when empty.

    Raises:
        ValueError: not an id a column could hold, so the field says it is not a valid choice.
    """
    if value in (None, "", "None"):
        return None
    number = whole_number(value, lowest=0)
    if number is None:
        raise ValueError("Not a valid choice.")
    return number


class IntegerField(wtforms.IntegerField):
    """A whole number, refused with a message when no integer column could hold it.

    WTForms' own field accepts any integer, and its `NumberRange` then fails with an
    OverflowError (a 500) on one too large for a float; the database would refuse one beyond
    its column's range the same way.
    """

    data: int | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number, then refuse it if it is out of every column's range."""
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_WHOLE_NUMBER:
            self.data = None
            raise ValueError(self.gettext("Enter a smaller number."))
