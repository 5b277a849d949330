"""The type of an uploaded file, recognised from its bytes (never from its name or the
Content-Type the client sent): PDF, DOCX, XLSX, JPEG, PNG. DOCX and XLSX are both ZIP packages;
they are told apart by the package's own parts (`word/document.xml` vs `xl/workbook.xml`)."""

from __future__ import annotations

import zipfile
from typing import BinaryIO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}


def content_type(head: bytes, source: BinaryIO) -> str | None:
    """`head`: the file's first bytes (at least 8); `source`: the whole file, seekable (only
    read for ZIP packages). None: not one of the accepted types."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        return _office_package(source)
    return None


def _office_package(source: BinaryIO) -> str | None:
    source.seek(0)
    try:
        with zipfile.ZipFile(source) as package:
            names = set(package.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    finally:
        source.seek(0)
    if "[Content_Types].xml" not in names:
        return None
    if "word/document.xml" in names:
        return DOCX
    if "xl/workbook.xml" in names:
        return XLSX
    return None
