"""Form fields shared by every area."""

from __future__ import annotations

from typing import Any

import wtforms

#: The largest whole number an integer column holds (32-bit, as on PostgreSQL).
LARGEST_WHOLE_NUMBER = 2**31 - 1


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
