"""Pure checks for backups and personal data: manifests, pseudonyms, retention cut-offs."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime, timedelta
from pathlib import Path

from governance.errors import DomainError

#: The file in a backup that lists every other file and its SHA-256.
MANIFEST = "manifest.json"

#: Record types whose age limit may be set in RETENTION_DAYS, and what happens to them.
RETENTION_KINDS = {
    "outbox": "sent or failed mail older than this is deleted",
    "paper_opens": "records of who opened which paper are deleted",
    "material_reads": "records of who read induction material are deleted",
    "support_needs": "free text about support needs is blanked once the meeting is this old",
    "reply_notes": "notes on replies to meeting invitations are blanked",
}


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_sums(root: Path) -> dict[str, str]:
    """{relative posix path: sha256} for every file under `root` except the manifest."""
    return {
        path.relative_to(root).as_posix(): file_sha256(path)
        for path in sorted(root.rglob("*"))
        if path.is_file() and path.relative_to(root).as_posix() != MANIFEST
    }


def manifest_problems(listed: Mapping[str, str], found: Mapping[str, str]) -> list[str]:
    """What differs between a manifest's sums and the files found, one line per problem."""
    problems = [f"missing: {name}" for name in sorted(set(listed) - set(found))]
    problems += [f"not in the manifest: {name}" for name in sorted(set(found) - set(listed))]
    problems += [
        f"checksum differs: {name}"
        for name in sorted(set(listed) & set(found))
        if listed[name] != found[name]
    ]
    return problems


def check_manifest(listed: Mapping[str, str], found: Mapping[str, str]) -> None:
    """Refuse a backup whose files do not match its manifest.

    Raises:
        DomainError: naming every missing, extra or altered file.
    """
    problems = manifest_problems(listed, found)
    if problems:
        raise DomainError("The backup is damaged and was not restored: " + "; ".join(problems))


def pseudonym(person_id: int) -> str:
    """The name an erased person is shown under."""
    return f"Former member {person_id}"


def erased_login(user_id: int) -> str:
    """A unique, undeliverable address for an erased login."""
    return f"erased-{user_id}@erased.invalid"


def retention_cutoffs(settings: Mapping[str, int], now: datetime) -> dict[str, datetime]:
    """The moment before which each record type is past its retention period.

    Raises:
        DomainError: for an unknown record type or a negative number of days.
    """
    cutoffs: dict[str, datetime] = {}
    for kind, days in settings.items():
        if kind not in RETENTION_KINDS:
            raise DomainError(
                f"RETENTION_DAYS names {kind!r}, which is not one of: "
                + ", ".join(sorted(RETENTION_KINDS))
            )
        if not isinstance(days, int) or days < 0:
            raise DomainError(
                f"RETENTION_DAYS[{kind!r}] must be a whole number of days, 0 or more."
            )
        cutoffs[kind] = now - timedelta(days=days)
    return cutoffs
