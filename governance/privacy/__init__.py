"""Backups and restore, subject access exports, erasure and retention of personal data."""
