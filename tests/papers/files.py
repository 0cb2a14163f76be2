"""Real bytes of each kind of file, built in the test rather than trusted from a name."""

from __future__ import annotations

import io
import zipfile

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504
#: The start of a Windows executable: "MZ", then a DOS header full of NUL bytes.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
TEXT = "Budget notes for the board. £12,000 for the crèche.\n".encode()


def zip_bytes(members: dict[str, bytes], first: tuple[str, bytes] | None = None) -> bytes:
    """A ZIP with the given members; `first` goes first and uncompressed, as ODF requires."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        if first is not None:
            archive.writestr(zipfile.ZipInfo(first[0]), first[1], compress_type=zipfile.ZIP_STORED)
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def ooxml(part: str) -> bytes:
    """A minimal Office Open XML package whose main part lives under `part` (word/, xl/, ppt/)."""
    main = {"word/": "document.xml", "xl/": "workbook.xml", "ppt/": "presentation.xml"}[part]
    return zip_bytes(
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types/>',
            "_rels/.rels": b'<?xml version="1.0"?><Relationships/>',
            f"{part}{main}": b'<?xml version="1.0"?><root/>',
        }
    )


def odf(kind: str) -> bytes:
    """A minimal OpenDocument file of the given kind (text, spreadsheet, presentation)."""
    mimetype = f"application/vnd.oasis.opendocument.{kind}".encode()
    return zip_bytes(
        {"content.xml": b"<office:document-content/>", "META-INF/manifest.xml": b"<manifest/>"},
        first=("mimetype", mimetype),
    )


def zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()
