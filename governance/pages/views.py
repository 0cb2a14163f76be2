"""Importing this module attaches every page of the package to its blueprint."""

from governance.pages import attendance, board, home, meeting  # noqa: F401
