"""The base of every request body a service accepts, and the input types the services share.

The text rule: no control characters (C0, DEL, C1: tab and line breaks only in fields marked
`MultilineText`), no bidirectional overrides or isolates and no zero-width characters, anywhere in
a field (nested JSON too). They are invisible or reorder what a reviewer sees (a name or a
decision number that reads differently than it is stored and searched), and PostgreSQL cannot hold
U+0000 at all. A refusal is a 422 naming the field.

Trimming, for every service in one place: text (nested JSON too) is stripped of surrounding
whitespace after the text rule has seen it as sent, so length limits and patterns apply to what
is stored. An optional text field sent empty (or only blank) means "not given": None. A field
whose every character counts (a password) is typed `Verbatim`.
"""

from __future__ import annotations

import re
import types
from datetime import date, datetime, timedelta, timezone
from functools import cache
from typing import Annotated, Any, Final, Union, get_args, get_origin

from fastapi import Header
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
)
from pydantic_core import PydanticCustomError

from kc_common.messages import render

MAX_VND: Final = 10**15
"""Largest amount one request may carry: far above any program, keeps every sum inside BIGINT."""

# Money is integer VND, and `1.0`, `"200000"` or `true` are refused rather than guessed at.
Vnd = Annotated[int, Field(strict=True, ge=0, le=MAX_VND)]
PositiveVnd = Annotated[int, Field(strict=True, ge=1, le=MAX_VND)]

# Vietnam keeps UTC+7 all year: a voucher recorded at 06:00 local time is dated that day, not
# the UTC day before.
VIETNAM_TZ: Final = timezone(timedelta(hours=7), "ICT")


def business_today() -> date:
    """Today in Vietnam: the default date of a document recorded now."""
    return datetime.now(VIETNAM_TZ).date()


def _not_after_today(value: date) -> date:
    if value > (today := business_today()):
        raise PydanticCustomError(
            "validation.date_in_future", "a date after today", {"today": today.isoformat()}
        )
    return value


NOT_AFTER_TODAY = AfterValidator(_not_after_today)
PastDate = Annotated[date, NOT_AFTER_TODAY]
"""The date of something that has happened (a document, a founding): not after today in
Vietnam (422 `validation.date_in_future`; a year typed wrong, 2030 for 2020)."""

DocumentDate = Annotated[
    PastDate | None,
    Field(
        description="The date of the document behind this step (decision, voucher, minutes); "
        "the day it is recorded if not given"
    ),
]
"""An optional business date beside the time a step is recorded."""


Verbatim = Annotated[str, StringConstraints(strip_whitespace=False)]
"""Text kept exactly as sent, surrounding spaces included (passwords and secrets)."""


class _Multiline:
    """Marks a text field where tab and line breaks (LF, CR) are allowed."""

    def __repr__(self) -> str:
        return "MULTILINE"


MULTILINE: Final = _Multiline()
MultilineText = Annotated[str, MULTILINE]
"""Text that may span lines (notes, descriptions, reasons, addresses). Constrain it further with
`Annotated[MultilineText, StringConstraints(...)]`."""

_BIDI = "\u202a-\u202e\u2066-\u2069"
_ZERO_WIDTH = "\u200b-\u200d\u2060\ufeff"
# Other invisible format characters that hide or reorder text without being seen: soft hyphen,
# the bidirectional marks (ALM, LRM, RLM), the Mongolian vowel separator, invisible operators,
# deprecated format controls, interlinear annotation marks and the tag characters (used to
# smuggle hidden ASCII). Refused as control characters (`text.control` names the code point).
_INVISIBLE = (
    "\u00ad\u061c\u180e\u200e\u200f\u2061-\u2064\u206a-\u206f\ufff9-\ufffb\U000e0000-\U000e007f"
)
# LINE SEPARATOR and PARAGRAPH SEPARATOR: line breaks, so single-line text refuses them.
_LINE_SEPARATORS = "\u2028\u2029"
_SINGLE_LINE_CONTROLS = "\x00-\x1f\x7f-\x9f"
_MULTILINE_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # tab, LF and CR allowed
_FORBIDDEN = {
    False: re.compile(
        f"[{_SINGLE_LINE_CONTROLS}{_BIDI}{_ZERO_WIDTH}{_INVISIBLE}{_LINE_SEPARATORS}]"
    ),
    True: re.compile(f"[{_MULTILINE_CONTROLS}{_BIDI}{_ZERO_WIDTH}{_INVISIBLE}]"),
}
_BIDI_RE = re.compile(f"[{_BIDI}]")
_ZERO_WIDTH_RE = re.compile(f"[{_ZERO_WIDTH}]")


def text_error(value: Any, *, multiline: bool = False) -> PydanticCustomError | None:
    """Why `value` (a string, or JSON with strings in its keys and values) breaks the text rule,
    as a validation error whose type is the catalogue key (kc_common.messages), or None."""
    problem = text_problem(value, multiline=multiline)
    if problem is None:
        return None
    key, params = problem
    return PydanticCustomError(key, render(key, "en", params) or key, params)


def text_problem(value: Any, *, multiline: bool = False) -> tuple[str, dict[str, str]] | None:
    """(catalogue key, params) of why `value` breaks the text rule, or None. Dict keys are
    always single-line."""
    if isinstance(value, str):
        found = _FORBIDDEN[multiline].search(value)
        if found is None:
            return None
        char = found.group()
        if char == "\x00":
            return "text.nul", {}
        if _BIDI_RE.match(char):
            return "text.bidi", {}
        if _ZERO_WIDTH_RE.match(char):
            return "text.zero_width", {}
        if char in "\t\n\r\u2028\u2029":
            return "text.line_break", {}
        return "text.control", {"char": f"U+{ord(char):04X}"}
    if isinstance(value, dict):
        for key, item in value.items():
            problem = text_problem(key) or text_problem(item, multiline=multiline)
            if problem:
                return problem
        return None
    if isinstance(value, list | tuple | set | frozenset):
        for item in value:
            problem = text_problem(item, multiline=multiline)
            if problem:
                return problem
    return None


def _is_multiline(annotation: Any) -> bool:
    """Whether MULTILINE marks the annotation or a type inside it (`MultilineText | None`)."""
    if get_origin(annotation) is Annotated:
        base, *metadata = get_args(annotation)
        return any(m is MULTILINE for m in metadata) or _is_multiline(base)
    return any(_is_multiline(arg) for arg in get_args(annotation))


def _is_text(annotation: Any) -> bool:
    while get_origin(annotation) is Annotated:
        annotation = get_args(annotation)[0]
    return annotation is str


@cache
def _field_kinds(model: type[BaseModel]) -> tuple[frozenset[str], frozenset[str]]:
    """(multi-line fields, optional text fields) of a model, worked out once per class."""
    multiline: set[str] = set()
    optional_text: set[str] = set()
    for name, info in model.model_fields.items():
        if _is_multiline(info.annotation) or any(m is MULTILINE for m in info.metadata):
            multiline.add(name)
        if get_origin(info.annotation) in (Union, types.UnionType):
            arms = get_args(info.annotation)
            if type(None) in arms and any(_is_text(arm) for arm in arms):
                optional_text.add(name)
    return frozenset(multiline), frozenset(optional_text)


class InputModel(BaseModel):
    """Unknown fields are refused, every field follows the text rule above (nested JSON too): a
    422 naming the field, never a 500; text is trimmed (except `Verbatim` fields)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    @field_validator("*", mode="before")
    @classmethod
    def _text_as_sent(cls, value: Any, info: ValidationInfo) -> Any:
        # Before any trimming: str.strip() would silently eat U+001C–U+001F, U+0085, VT, FF.
        if not isinstance(value, str):
            return value
        multiline, optional_text = _field_kinds(cls)
        name = info.field_name
        if name in optional_text and not value.strip() and not text_problem(value, multiline=True):
            return None  # blank (spaces, tabs, line breaks only): not given
        error = text_error(value, multiline=name in multiline)
        if error:
            raise error
        return value

    @field_validator("*", mode="after")
    @classmethod
    def _clean_text(cls, value: Any, info: ValidationInfo) -> Any:
        # Nested JSON (dicts, lists) and whatever the field's own validators produced.
        error = text_error(value, multiline=info.field_name in _field_kinds(cls)[0])
        if error:
            raise error
        return value


# The `Idempotency-Key` header of a POST that must not happen twice (a retry or a double click):
# a replay returns the first result; the same key with another body is 422 `idempotency.key_reused`.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=255,
        pattern=r"^[\x21-\x7e]+$",
        description="Makes the POST safe to retry: a replay returns the first response.",
    ),
]
