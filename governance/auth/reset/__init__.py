"""Forgotten passwords: a signed link by mail that sets a new password once, within the hour.

The link carries the account's id, the time it was made and a keyed fingerprint of the
account's password hash and session version, signed with SECRET_KEY. Setting a password (or
signing out everywhere) changes the fingerprint, so a used link, and every other link sent
before it, stops working; the time limit ends the rest.
"""
