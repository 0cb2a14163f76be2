"""Views of the auth area: sign-in, the account, accounts for people, two-factor sign-in.

Importing this package attaches every route of the area to its blueprint
(governance.auth.blueprint).
"""

from governance.auth.views import account, password_reset, two_factor  # noqa: F401
