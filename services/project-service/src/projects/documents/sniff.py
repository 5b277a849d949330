"""The type of an uploaded file, recognised from its bytes (never from its name or the
Content-Type the client sent): PDF, DOCX, XLSX, JPEG, PNG. DOCX and XLSX are both ZIP packages;
they are told apart by the package's own parts (`word/document.xml` vs `xl/workbook.xml`)."""

from __future__ import annotations

import struct
import zipfile
from typing import BinaryIO

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JPEG = "image/jpeg"
PNG = "image/png"

EXTENSIONS = {PDF: ".pdf", DOCX: ".docx", XLSX: ".xlsx", JPEG: ".jpg", PNG: ".png"}

# Parts an Office document may have: a report or workbook has tens or hundreds. A package
# claiming more is refused before its directory is read (200,000 empty parts in a 17 MB file
# cost seconds of CPU to list).
MAX_PARTS = 10_000
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22  # without its comment (at most 65,535 bytes)


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


def _parts_claimed(source: BinaryIO) -> int | None:
    """How many entries the package's end record says its directory holds (None: no end
    record). A ZIP64 package says 0xFFFF here and is counted as that many."""
    end = source.seek(0, 2)
    start = max(0, end - _END_RECORD_SIZE - 65_535)
    source.seek(start)
    tail = source.read()
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return None
    return int(struct.unpack_from("<H", tail, at + 10)[0])


def _office_package(source: BinaryIO) -> str | None:
    parts = _parts_claimed(source)
    if parts is None or parts > MAX_PARTS:
        source.seek(0)
        return None
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
