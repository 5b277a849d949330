"""Domain errors carry their HTTP meaning; one set of handlers renders RFC 9457 problem+json.

A problem's words come from kc_common.messages in the caller's language (`Accept-Language`): a
raise site names the `code` (and a message key when its words are more specific than the code)
and the values as `params`, never the words themselves. A `detail` given as text is used as it
is (code written before the catalogue; the words then stay in the language they were written in).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import Scope, Send

from kc_common import messages
from kc_common.messages import Language

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("kc.errors")


class FieldError(BaseModel):
    field: str
    message: str
    code: str | None = None
    """The message key of `message` in the catalogue (e.g. `validation.missing`)."""
    params: dict[str, Any] | None = None


class Problem(BaseModel):
    """The body of every error response."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str
    params: dict[str, Any] | None = None
    """The values in the message (limits, amounts, field names), for a client's own words."""
    errors: list[FieldError] | None = None
    request_id: str | None = None


class ProblemError(Exception):
    status: int = 400
    code: str = "error"
    title: str = "Bad request"

    def __init__(
        self,
        detail: str | None = None,
        *,
        status: int | None = None,
        code: str | None = None,
        message: str | None = None,
        params: dict[str, Any] | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        if status:
            self.status = status
        if code:
            self.code = code
        super().__init__(detail or message or self.code)
        self.detail = detail
        # The catalogue key of the words: the code unless the raise site names a finer one.
        self.message = message or (None if detail else self.code)
        self.params = params
        self.errors = errors
        self.headers = headers
        self.extra = extra or {}


class Unauthorized(ProblemError):
    status, code, title = 401, "auth.unauthorized", "Not authenticated"

    def __init__(self, detail: str | None = None, **kw: Any) -> None:
        kw.setdefault("headers", {"WWW-Authenticate": "Bearer"})
        super().__init__(detail, **kw)


class Forbidden(ProblemError):
    status, code, title = 403, "auth.forbidden", "Forbidden"


class NotFound(ProblemError):
    status, code, title = 404, "not_found", "Not found"


class Conflict(ProblemError):
    status, code, title = 409, "conflict", "Conflict"


class Unprocessable(ProblemError):
    status, code, title = 422, "validation.failed", "Invalid input"

    @classmethod
    def for_field(
        cls,
        field: str,
        message: str,
        *,
        code: str | None = None,
        params: dict[str, Any] | None = None,
    ) -> Unprocessable:
        """A 422 naming `field`. `message` is a catalogue key (the field's words, and the
        problem's detail), or, in code written before the catalogue, the words themselves."""
        if message in messages.catalogue():
            return cls(
                code=code,
                message=message,
                params=params,
                errors=[FieldError(field=field, message=message, code=message, params=params)],
            )
        return cls(
            message, code=code, params=params, errors=[FieldError(field=field, message=message)]
        )


class TooManyRequests(ProblemError):
    status, code, title = 429, "rate_limited", "Too many requests"


class UpstreamUnavailable(ProblemError):
    status, code, title = 503, "upstream.unavailable", "A service this request needs is unavailable"


def request_language(request: Request | None) -> Language:
    return messages.negotiate(request.headers.get("accept-language") if request else None)


def problem_response(
    status: int,
    title: str,
    code: str,
    *,
    detail: str | None = None,
    params: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    headers: dict[str, str] | None = None,
    request: Request | None = None,
    extra: dict[str, Any] | None = None,
) -> JSONResponse:
    body = Problem(
        title=title,
        status=status,
        detail=detail,
        code=code,
        params=params,
        errors=errors,
        request_id=getattr(request.state, "request_id", None) if request else None,
    ).model_dump(exclude_none=True)
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def problem_bytes(
    status: int,
    code: str,
    lang: Language,
    *,
    message: str | None = None,
    params: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    request_id: str | None = None,
) -> bytes:
    """A problem+json body for middleware that answers on the raw ASGI level (no Request)."""
    body = Problem(
        title=messages.title(status, lang),
        status=status,
        detail=messages.render(message or code, lang, params),
        code=code,
        params=params,
        errors=localized_errors(errors, lang),
        request_id=request_id,
    ).model_dump(exclude_none=True)
    return json.dumps(body, ensure_ascii=False).encode()


async def send_problem(
    send: Send,
    scope: Scope,
    status: int,
    code: str,
    request_id: str | None = None,
    *,
    message: str | None = None,
    params: dict[str, Any] | None = None,
    errors: list[FieldError] | None = None,
    extra_headers: list[tuple[bytes, bytes]] | None = None,
) -> None:
    """A whole problem+json answer on the raw ASGI level (middleware and the proxy, which answer
    without a Request), in the caller's language; the request id is the scope's unless given."""
    if request_id is None:
        request_id = scope.get("state", {}).get("request_id")
    body = problem_bytes(
        status,
        code,
        messages.scope_language(scope),
        message=message,
        params=params,
        errors=errors,
        request_id=request_id,
    )
    headers = [
        (b"content-type", PROBLEM_JSON.encode()),
        (b"content-length", str(len(body)).encode()),
        *(extra_headers or []),
    ]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def localized_errors(errors: list[FieldError] | None, lang: Language) -> list[FieldError] | None:
    """Field errors with their words in `lang` (those that name a catalogue key)."""
    if errors is None:
        return None
    out = []
    for e in errors:
        text = messages.render(e.code, lang, e.params) if e.code else None
        out.append(e.model_copy(update={"message": text}) if text else e)
    return out


def render_problem(exc: ProblemError, request: Request | None) -> JSONResponse:
    lang = request_language(request)
    detail = messages.render(exc.message, lang, exc.params) if exc.message else None
    return problem_response(
        exc.status,
        messages.title(exc.status, lang),
        exc.code,
        detail=detail or exc.detail,
        params=exc.params,
        errors=localized_errors(exc.errors, lang),
        headers=exc.headers,
        request=request,
        extra=exc.extra,
    )


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "tax_code") -> "tax_code"; ("query", "page") -> "page"; body itself -> "body"
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _simple(value: Any) -> bool:
    return isinstance(value, str | int | float | bool) or value is None


def validation_field_error(err: Mapping[str, Any], lang: Language) -> FieldError:
    """One pydantic error as a field error in `lang`: a catalogue key from its type (the text
    rule's own types, or `validation.<pydantic type>`), its context as params; pydantic's
    English words only for a type the catalogue does not know."""
    kind = str(err.get("type", ""))
    params = {k: v for k, v in (err.get("ctx") or {}).items() if _simple(v)}
    if isinstance(params.get("expected"), str):
        params["expected"] = params["expected"].replace(" or ", ", ")
    key = kind if kind in messages.catalogue() else f"validation.{kind}"
    # a JSON syntax error's loc is ("body", <character offset>): the field is the body
    field = "body" if kind == "json_invalid" else _field_path(err.get("loc", ()))
    text = messages.render(key, lang, params)
    if text is None:
        return FieldError(
            field=field, message=str(err.get("msg", "invalid")).removeprefix("Value error, ")
        )
    return FieldError(field=field, message=text, code=key, params=params or None)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _domain(request: Request, exc: ProblemError) -> JSONResponse:
        return render_problem(exc, request)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        lang = request_language(request)
        errors = [validation_field_error(e, lang) for e in exc.errors()]
        return problem_response(
            422,
            messages.title(422, lang),
            "validation.failed",
            detail="; ".join(f"{e.field}: {e.message}" for e in errors[:5]),
            params={"fields": [e.field for e in errors]},
            errors=errors,
            request=request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # FastAPI answers a body that is not UTF-8 with an undocumented 400; it is the same
            # bad input as malformed JSON, so the same documented 422 naming `body`.
            error = validation_field_error(
                {"type": "json_invalid", "loc": ("body",)}, request_language(request)
            )
            return problem_response(
                422,
                messages.title(422, request_language(request)),
                "validation.failed",
                detail=f"body: {error.message}",
                errors=[error],
                request=request,
            )
        codes = {
            401: "auth.unauthorized",
            403: "auth.forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }
        lang = request_language(request)
        code = codes.get(exc.status_code, f"http.{exc.status_code}")
        return problem_response(
            exc.status_code,
            messages.title(exc.status_code, lang),
            code,
            detail=messages.render(code, lang) or (str(exc.detail) if exc.detail else None),
            headers=getattr(exc, "headers", None),
            request=request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        lang = request_language(request)
        return problem_response(
            500,
            messages.title(500, lang),
            "internal",
            detail=messages.render("internal", lang),
            request=request,
        )


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route, so OpenAPI and the generated clients know the error shape."""
    return {s: {"model": Problem, "content": {PROBLEM_JSON: {}}} for s in statuses}
