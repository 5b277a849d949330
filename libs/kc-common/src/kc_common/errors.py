"""Domain errors carry their HTTP meaning; one set of handlers renders RFC 9457 problem+json."""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

PROBLEM_JSON = "application/problem+json"
log = logging.getLogger("kc.errors")


class FieldError(BaseModel):
    field: str
    message: str


class Problem(BaseModel):
    """The body of every error response."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str | None = None
    code: str
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
        code: str | None = None,
        errors: list[FieldError] | None = None,
        headers: dict[str, str] | None = None,
        extra: dict[str, Any] | None = None,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail
        if code:
            self.code = code
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
    def for_field(cls, field: str, message: str, *, code: str | None = None) -> Unprocessable:
        return cls(message, code=code, errors=[FieldError(field=field, message=message)])


class TooManyRequests(ProblemError):
    status, code, title = 429, "rate_limited", "Too many requests"


class UpstreamUnavailable(ProblemError):
    status, code, title = 503, "upstream.unavailable", "A service this request needs is unavailable"


def problem_response(
    status: int,
    title: str,
    code: str,
    *,
    detail: str | None = None,
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
        errors=errors,
        request_id=getattr(request.state, "request_id", None) if request else None,
    ).model_dump(exclude_none=True)
    if extra:
        body.update(extra)
    return JSONResponse(body, status_code=status, headers=headers, media_type=PROBLEM_JSON)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "tax_code") -> "tax_code"; ("query", "page") -> "page"; body itself -> "body"
    parts = [str(p) for p in loc]
    if len(parts) > 1 and parts[0] in {"body", "query", "path", "header", "cookie", "form"}:
        parts = parts[1:]
    return ".".join(parts) or "body"


def _message(err: dict[str, Any]) -> str:
    msg = str(err.get("msg", "invalid"))
    if err.get("type") == "json_invalid":
        return "Body is not valid JSON"
    return msg.removeprefix("Value error, ")


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ProblemError)
    async def _domain(request: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status,
            exc.title,
            exc.code,
            detail=exc.detail,
            errors=exc.errors,
            headers=exc.headers,
            request=request,
            extra=exc.extra,
        )

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = [
            FieldError(
                # a JSON syntax error's loc is ("body", <character offset>): the field is the body
                field="body" if e.get("type") == "json_invalid" else _field_path(e.get("loc", ())),
                message=_message(e),
            )
            for e in exc.errors()
        ]
        return problem_response(
            422,
            "Invalid input",
            "validation.failed",
            detail="; ".join(f"{e.field}: {e.message}" for e in errors[:5]),
            errors=errors,
            request=request,
        )

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        if exc.status_code == 400 and isinstance(exc.__cause__, UnicodeDecodeError):
            # FastAPI answers a body that is not UTF-8 with an undocumented 400; it is the same
            # bad input as malformed JSON, so the same documented 422 naming `body`.
            message = "Body is not valid JSON"
            return problem_response(
                422,
                "Invalid input",
                "validation.failed",
                detail=f"body: {message}",
                errors=[FieldError(field="body", message=message)],
                request=request,
            )
        codes = {
            401: "auth.unauthorized",
            403: "auth.forbidden",
            404: "not_found",
            405: "method_not_allowed",
            413: "payload_too_large",
        }
        return problem_response(
            exc.status_code,
            str(exc.detail) if exc.detail else "Error",
            codes.get(exc.status_code, f"http.{exc.status_code}"),
            detail=str(exc.detail) if exc.detail else None,
            headers=getattr(exc, "headers", None),
            request=request,
        )

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem_response(500, "Internal error", "internal", request=request)


def problem_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """`responses=` for a route, so OpenAPI and the generated clients know the error shape."""
    return {s: {"model": Problem, "content": {PROBLEM_JSON: {}}} for s in statuses}
