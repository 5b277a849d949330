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

# What an Office document's package may hold: a report or workbook has tens or hundreds of
# parts and a directory of a few KB. A package past either is refused before its directory is
# read (200,000 empty parts in a 17 MB file cost seconds of CPU to list). The directory's size
# is what bounds the reading: `zipfile` reads exactly that many bytes of it, whatever entry count
# the end record states (a count edited down got the 200,000 parts through). ZIP64, which lets a
# second record state other figures, is never needed under the 20 MiB upload limit: refused.
MAX_PARTS = 10_000
MAX_DIRECTORY_BYTES = 1024 * 1024
_END_RECORD = b"PK\x05\x06"
_END_RECORD_SIZE = 22  # without its comment (at most 65,535 bytes)
_ZIP64_LOCATOR = b"PK\x06\x07"
_ZIP64_LOCATOR_SIZE = 20


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


def _directory_fits(source: BinaryIO) -> bool:
    """Whether the package's end record (the last one, as `zipfile` finds it) states a
    directory within MAX_PARTS and MAX_DIRECTORY_BYTES, with no ZIP64 record before it."""
    end = source.seek(0, 2)
    source.seek(max(0, end - _END_RECORD_SIZE - 65_535 - _ZIP64_LOCATOR_SIZE))
    tail = source.read()
    at = tail.rfind(_END_RECORD)
    if at < 0 or len(tail) - at < _END_RECORD_SIZE:
        return False
    if tail[max(0, at - _ZIP64_LOCATOR_SIZE) : at].startswith(_ZIP64_LOCATOR):
        return False
    parts, directory_bytes = struct.unpack_from("<HI", tail, at + 10)
    return bool(parts <= MAX_PARTS and directory_bytes <= MAX_DIRECTORY_BYTES)


def _office_package(source: BinaryIO) -> str | None:
    fits = _directory_fits(source)
    source.seek(0)
    if not fits:
        return None
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
