"""A few hundred small, distinct, real PDF files, stored once each in the paper store."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from governance.papers.files import storage

#: Subjects the papers are about; the file text names one so each file differs.
SUBJECTS = [
    "Budget monitoring",
    "Programme manager's report",
    "Speech and language project",
    "Parenting course commissioning",
    "Creche registration",
    "Information-sharing protocol",
    "Children's centre core offer",
    "Local evaluation action plan",
    "Parent development plan",
    "Sub-group report",
]


@dataclass(frozen=True)
class PaperFile:
    """A stored file that any number of paper versions may share."""

    sha256: str
    size: int
    media_type: str
    filename: str


def pdf_bytes(title: str, body: str) -> bytes:
    """A minimal one-page PDF with two lines of text and a correct cross-reference table."""
    text = f"BT /F1 14 Tf 72 720 Td ({title}) Tj 0 -24 Td /F1 10 Tf ({body}) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        "/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(text)} >>\nstream\n{text}\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{content}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode("latin-1"))
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode("latin-1"))
    out.write(
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode(
            "latin-1"
        )
    )
    return out.getvalue()


def store_files(root: Path, count: int, max_bytes: int) -> list[PaperFile]:
    """Write `count` distinct PDFs into the store (a file already there is kept as it is)."""
    files = []
    for n in range(count):
        subject = SUBJECTS[n % len(SUBJECTS)]
        data = pdf_bytes(f"{subject} (paper {n + 1})", f"Bench paper {n + 1} of {count}.")
        stored = storage.store(io.BytesIO(data), root, max_bytes)
        slug = subject.lower().replace("'", "").replace(" ", "-")
        files.append(
            PaperFile(stored.sha256, stored.size, stored.media_type, f"{slug}-{n + 1}.pdf")
        )
    return files
