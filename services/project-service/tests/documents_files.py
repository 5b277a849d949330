"""Real files of each accepted type (and some that are not), built by their own libraries."""

from __future__ import annotations

import functools
import io
import zipfile

from docx import Document
from openpyxl import Workbook
from weasyprint import HTML

PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00"
    b"\x00\x00\x00IEND\xaeB`\x82"
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"


@functools.cache
def pdf(text: str = "Biên bản nghiệm thu") -> bytes:
    return bytes(HTML(string=f"<p style='font-family: DejaVu Serif'>{text}</p>").write_pdf())


def docx(text: str = "Tờ trình đề nghị hỗ trợ") -> bytes:
    doc = Document()
    doc.add_paragraph(text)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def xlsx() -> bytes:
    book = Workbook()
    book.active.append(["Nội dung chi", "Thành tiền"])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("readme.txt", "không phải văn bản Office")
    return out.getvalue()


def many_parts(parts: int) -> bytes:
    """A package shaped like a DOCX with `parts` more empty entries (a directory to choke on)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        for i in range(parts):
            package.writestr(f"p/{i:x}", "")
    return out.getvalue()


def counts_edited(package: bytes, parts: int) -> bytes:
    """`package` with the entry counts of its end record rewritten (the directory unchanged)."""
    at = package.rfind(b"PK\x05\x06")
    counts = parts.to_bytes(2, "little") * 2
    return package[: at + 8] + counts + package[at + 12 :]
