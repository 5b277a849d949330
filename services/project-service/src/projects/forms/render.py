"""Rendering a form: DOCX from the Word templates officials edit (docxtpl), PDF from the HTML/CSS
templates (Jinja2 + WeasyPrint). Both templates sit in `templates/` beside this file."""

from __future__ import annotations

import functools
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape

TEMPLATES = Path(__file__).parent / "templates"
FONT_FAMILY = "DejaVu Serif"


class FontMissing(RuntimeError):
    """The PDF font is not installed: the text would fall back to a font without Vietnamese
    glyphs, so no PDF is made at all."""


@functools.cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )


@functools.cache
def require_font() -> None:
    """Fail clearly (once checked, cached) if fontconfig does not know DejaVu Serif: the Debian
    package fonts-dejavu-core, installed by the project's setup and in the images."""
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        raise FontMissing("fontconfig (fc-match) is not installed; install fonts-dejavu-core")
    found = subprocess.run(  # noqa: S603 - a fixed program and arguments
        [fc_match, "--format=%{family}", FONT_FAMILY],
        capture_output=True,
        text=True,
        check=False,
        timeout=10,
    ).stdout
    if FONT_FAMILY not in found:
        raise FontMissing(f"the font {FONT_FAMILY!r} is not installed (fonts-dejavu-core)")


def html(form: str, context: dict[str, Any]) -> str:
    css = (TEMPLATES / "form.css").read_text(encoding="utf-8")
    return _environment().get_template(f"{form}.html").render(**context, css=css)


def pdf(form: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported on use: it loads pango, slow at process start

    require_font()
    result: bytes = HTML(string=html(form, context), base_url=str(TEMPLATES)).write_pdf()
    return result


def docx(form: str, context: dict[str, Any]) -> bytes:
    from docxtpl import DocxTemplate

    template = DocxTemplate(str(TEMPLATES / f"{form}.docx"))
    template.render(context, autoescape=True)  # names with & or < stay text
    out = io.BytesIO()
    template.save(out)
    return out.getvalue()
