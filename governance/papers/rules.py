"""Pure rules for papers: which files are accepted, what they are called, what must accompany them.

No Flask and no session. File types are decided from the bytes, never from the name a browser
sent, because the name is whatever the uploader (or their malware) chose.
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from governance.errors import DomainError
from governance.meetings.models import Purpose

SUMMARY_MAX = 2000
TITLE_MAX = 300
FILENAME_MAX = 255


@dataclass(frozen=True)
class FileType:
    """A kind of file the board accepts: its label for people and its usual extensions."""

    label: str
    #: Extensions a download may keep; the first is used when the uploaded name has none of them.
    extensions: tuple[str, ...]


OLE = "application/x-ole-storage"

#: Media type (as stored) -> what people call it and the extensions it may be saved with.
ALLOWED_TYPES: dict[str, FileType] = {
    "application/pdf": FileType("PDF", ("pdf",)),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": FileType(
        "Word document", ("docx",)
    ),
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": FileType(
        "Excel spreadsheet", ("xlsx",)
    ),
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": FileType(
        "PowerPoint presentation", ("pptx",)
    ),
    "application/vnd.oasis.opendocument.text": FileType("OpenDocument text", ("odt",)),
    "application/vnd.oasis.opendocument.spreadsheet": FileType(
        "OpenDocument spreadsheet", ("ods",)
    ),
    "application/vnd.oasis.opendocument.presentation": FileType(
        "OpenDocument presentation", ("odp",)
    ),
    # Word, Excel and PowerPoint 97-2003 files are all OLE compound files; telling them apart
    # means walking the OLE directory, which can sit anywhere in the file, not in a header. So
    # the type is stored generically, and the extension a download keeps is limited to these
    # three: the uploader's name picks among them but can never make the file an .msi (also OLE).
    OLE: FileType("Older Microsoft Office file", ("doc", "xls", "ppt")),
    "image/png": FileType("PNG image", ("png",)),
    "image/jpeg": FileType("JPEG image", ("jpg", "jpeg")),
    "text/plain": FileType("plain text", ("txt",)),
}

_OOXML = {
    "word/": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xl/": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ppt/": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}
_ODF = {
    b"application/vnd.oasis.opendocument.text",
    b"application/vnd.oasis.opendocument.spreadsheet",
    b"application/vnd.oasis.opendocument.presentation",
}
#: Executables are refused by their magic number even if the rest would pass as text.
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF", b"\xca\xfe\xba\xbe", b"\xcf\xfa\xed\xfe", b"#!")
#: Markup a browser might render as a page; HTML and SVG can carry scripts.
_MARKUP = re.compile(rb"<\s*(!doctype|html|head|body|script|iframe|svg|\?xml|object|embed)", re.I)
#: After the last "<" of a chunk: what could still become markup once the next chunk arrives.
_MARKUP_START = re.compile(rb"\s*([!?a-z]{0,9})", re.I)


class MarkupScanner:
    """Looks for markup anywhere in a file fed a chunk at a time.

    Between chunks it keeps only a "<" and the few letters after it that could begin a tag
    name (whitespace between them is dropped, as the pattern allows any amount), so memory
    stays flat however long the file or the run of spaces after a "<".
    """

    def __init__(self) -> None:
        self.carry = b""
        self.found = False

    def feed(self, chunk: bytes) -> bool:
        """Scan the next chunk; whether markup has been found so far."""
        if self.found:
            return True
        data = self.carry + chunk
        if _MARKUP.search(data):
            self.found, self.carry = True, b""
            return True
        last = data.rfind(b"<")
        rest = _MARKUP_START.fullmatch(data, last + 1) if last >= 0 else None
        self.carry = b"<" + rest.group(1) if rest is not None else b""
        return False


_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{n}" for n in range(10))} | {
    f"LPT{n}" for n in range(10)
}


def allowed_types_label() -> str:
    """The accepted kinds of file, as a sentence fragment."""
    labels = [t.label for t in ALLOWED_TYPES.values()]
    return ", ".join(labels[:-1]) + " or " + labels[-1]


def refused_type_message() -> str:
    """What to tell someone whose file is not an accepted kind."""
    return (
        "This kind of file cannot be accepted. Upload a "
        + allowed_types_label()
        + " (saving as PDF works for most documents)."
    )


def _odf_mimetype(head: bytes) -> bytes | None:
    """The content of an ODF file's first, uncompressed 'mimetype' member, read from the header."""
    if len(head) < 30:
        return None
    method = int.from_bytes(head[8:10], "little")
    size = int.from_bytes(head[18:22], "little")
    name_len = int.from_bytes(head[26:28], "little")
    extra_len = int.from_bytes(head[28:30], "little")
    if method != 0 or head[30 : 30 + name_len] != b"mimetype":
        return None
    start = 30 + name_len + extra_len
    return head[start : start + size]


def _is_text(head: bytes) -> bool:
    if b"\x00" in head or head.startswith(_EXECUTABLE_MAGIC) or _MARKUP.search(head):
        return False
    try:
        # final=False: the head may end part-way through a character; the whole file is
        # checked as it streams to disk.
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def sniff_media_type(head: bytes, zip_names: list[str] | None) -> str | None:
    """The accepted media type of a file from its first bytes (and member names, for a ZIP).

    Returns None for anything not accepted: the caller refuses it.
    """
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return OLE
    if head.startswith(b"PK\x03\x04"):
        return _sniff_zip(head, zip_names)
    return "text/plain" if head and _is_text(head) else None


def _sniff_zip(head: bytes, zip_names: list[str] | None) -> str | None:
    if not zip_names:
        return None
    # Macro-enabled documents (.docm, .xlsm) carry a VBA project; they are refused outright.
    if any(name.lower().endswith("vbaproject.bin") for name in zip_names):
        return None
    odf = _odf_mimetype(head)
    if odf is not None:
        return odf.decode("ascii") if odf in _ODF and "mimetype" in zip_names else None
    if "[Content_Types].xml" not in zip_names:
        return None
    for prefix, media_type in _OOXML.items():
        if any(name.startswith(prefix) for name in zip_names):
            return media_type
    return None


#: `Sec-Fetch-Site` values of a request the member made themselves: from a page of this site,
#: a bookmark or a typed address. A request another site made their browser send says
#: "cross-site" and is never noted as a read.
OWN_FETCH_SITES = frozenset({"same-origin", "same-site", "none"})


def counts_as_open(method: str, fetch_site: str | None) -> bool:
    """Whether a request for a file is the member opening it, to be noted as read.

    Only a GET (a HEAD sends no file) from this site, a bookmark or a typed address. Browsers
    too old to send `Sec-Fetch-Site` are taken at their word: refusing them would lose the
    receipts of every such member, while every current browser names a cross-site request.
    """
    if method != "GET":
        return False
    return fetch_site is None or fetch_site in OWN_FETCH_SITES


def clean_filename(filename: str) -> str:
    """The uploaded name without any folder part, control characters or characters Windows
    forbids, trimmed to fit the column; 'paper' if nothing is left."""
    name = re.split(r"[\\/]", filename or "")[-1]
    name = "".join(
        " " if unicodedata.category(c).startswith(("C", "Z")) else c
        for c in unicodedata.normalize("NFC", name)
    )
    name = re.sub(r'[<>:"|?*;]', "_", name)
    name = re.sub(r"\s+", " ", name).strip(" .")
    return name[-FILENAME_MAX:] or "paper"


def safe_download_name(filename: str, media_type: str) -> str:
    """A name to save a download under, whose extension matches what the file really is."""
    name = clean_filename(filename)
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    stem = stem.strip(" .")[:100] or "paper"
    if stem.upper() in _WINDOWS_RESERVED:
        stem = f"paper-{stem}"
    kind = ALLOWED_TYPES.get(media_type)
    if kind is None:
        return f"{stem}.bin"
    ext = ext.lower()
    return f"{stem}.{ext if ext in kind.extensions else kind.extensions[0]}"


def check_title(title: str | None) -> str:
    """Return the paper's title, trimmed.

    Raises:
        DomainError: the title is empty or too long.
    """
    title = (title or "").strip()
    if not title:
        raise DomainError("Give the paper a title.", field="title")
    if len(title) > TITLE_MAX:
        raise DomainError(f"Keep the title under {TITLE_MAX} characters.", field="title")
    return title


def check_summary(purpose: Purpose, summary: str | None) -> str:
    """Return the plain-language summary, trimmed; decision items must have one.

    Raises:
        DomainError: a decision item's paper has no summary, or the summary is too long.
    """
    summary = (summary or "").strip()
    if purpose is Purpose.DECISION and not summary:
        raise DomainError(
            "This item asks the board to decide, so write a short plain-language summary:"
            " what is being asked and why. Parent and community representatives rely on it"
            " to follow the paper.",
            field="summary",
        )
    if len(summary) > SUMMARY_MAX:
        raise DomainError(
            f"Keep the summary under {SUMMARY_MAX} characters; the detail belongs in the paper.",
            field="summary",
        )
    return summary


def size_limit_message(max_bytes: int) -> str:
    """What to tell someone whose file is over the limit."""
    return f"The file is larger than the {human_size(max_bytes)} limit."


def human_size(size: int) -> str:
    """A byte count as people read it: 512 bytes, 40 KB, 2.5 MB."""
    if size < 1024:
        return f"{size} byte{'s' if size != 1 else ''}"
    value, unit = size / 1024, "KB"
    for bigger in ("MB", "GB"):
        if value < 1024:
            break
        value, unit = value / 1024, bigger
    number = f"{value:.0f}" if value >= 10 or value.is_integer() else f"{value:.1f}"
    return f"{number} {unit}"


def local_time_label(instant: datetime | None, timezone: str) -> str:
    """An instant as a wall-clock time where the board meets, e.g. '18 Nov 2026, 10:00'."""
    if instant is None:
        return "—"
    return instant.astimezone(ZoneInfo(timezone)).strftime("%-d %b %Y, %H:%M")


def kind_label(media_type: str) -> str:
    """A stored media type in the words people use: 'PDF', 'Word document'."""
    kind = ALLOWED_TYPES.get(media_type)
    return kind.label if kind is not None else media_type


def file_label(filename: str, media_type: str, size: int, uploaded_at: datetime, zone: str) -> str:
    """What tells two versions apart where one is chosen: 'budget.pdf, PDF, 40 KB, uploaded
    18 Nov 2026, 10:00'."""
    uploaded = local_time_label(uploaded_at, zone)
    return f"{filename}, {kind_label(media_type)}, {human_size(size)}, uploaded {uploaded}"
