"""Form fields shared by every area."""

from __future__ import annotations

import re
import unicodedata
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


#: What str.splitlines() breaks a line at, and so what a mail header cannot hold: CR, LF,
#: vertical tab, form feed, the file/group/record separators, NEL and the Unicode line and
#: paragraph separators.
LINE_BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"
SINGLE_LINE_MESSAGE = "Keep this to one line: it holds a line or paragraph break."


CONTROL_MESSAGE = "Remove the tab or other control character from this text."


def has_line_break(text: str) -> bool:
    """True when `text` holds any character that starts a new line somewhere."""
    return any(ch in LINE_BREAKS for ch in text)


def has_control_character(text: str) -> bool:
    """True when `text` holds a control character (a tab, an escape, a C1 control): in a name
    or title they are never meant, and in logs and terminals they can rewrite what is shown."""
    return any(unicodedata.category(ch) == "Cc" for ch in text)


class SingleLine:
    """A text field whose value is one line: names and titles end up in mail subjects,
    calendar entries and CSV cells, where a line break splits or breaks them."""

    data: Any

    def pre_validate(self, form: Any) -> None:
        """Refuse any line or paragraph break, beside the field."""
        if isinstance(self.data, str) and has_line_break(self.data):
            raise wtforms.validators.ValidationError(SINGLE_LINE_MESSAGE)
        if isinstance(self.data, str) and has_control_character(self.data):
            raise wtforms.validators.ValidationError(CONTROL_MESSAGE)
        super().pre_validate(form)  # type: ignore[misc]


class StringField(SingleLine, wtforms.StringField):
    """WTForms' text field, single-line: every one-line text field in the app is this."""


class EmailField(SingleLine, wtforms.EmailField):
    """WTForms' email field, single-line."""


class URLField(SingleLine, wtforms.URLField):
    """WTForms' URL field, single-line."""


class IntegerField(wtforms.IntegerField):
    """A whole number, refused with a message when no integer column could hold it.

    WTForms' own field accepts any integer, and its `NumberRange` then fails with an
    OverflowError (a 500) on one too large for a float; the database would refuse one beyond
    its column's range the same way.
    """

    data: int | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        """Read the number (ASCII digits only), then refuse it if it is out of every column's
        range."""
        if valuelist and isinstance(valuelist[0], str):
            text = valuelist[0].strip(" \t")
            if text and not re.fullmatch(r"[+-]?[0-9]+", text):
                # int() also reads "١٢", "1_000" and Unicode spaces around digits.
                self.data = None
                raise ValueError(self.gettext("Not a valid integer value."))
        super().process_formdata(valuelist)
        if self.data is not None and abs(self.data) > LARGEST_WHOLE_NUMBER:
            self.data = None
            raise ValueError(self.gettext("Enter a smaller number."))
