"""Answers for the public (no login) routes: JSON with a strong ETag and `Cache-Control`, 304 on
a matching `If-None-Match`, so a browser, the national portal's harvester or a cache in front
asks again cheaply. The ETag is the digest of the body itself: nothing to invalidate."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.responses import Response

# The responses the public routes declare: 304 besides the usual problems.
NOT_MODIFIED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: the `If-None-Match` ETag is still current"}
}


def cache_headers(etag: str, max_age: int) -> dict[str, str]:
    return {
        "ETag": etag,
        # `public`: anonymous data that any cache may keep; short, since figures change daily.
        "Cache-Control": f"public, max-age={max_age}",
        "Vary": "Accept-Language",
    }


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(request: Request, etag: str) -> bool:
    header = request.headers.get("if-none-match")
    if not header:
        return False
    tags = {t.strip().removeprefix("W/") for t in header.split(",")}
    return "*" in tags or etag in tags


def cached_body(
    request: Request,
    body: bytes,
    media_type: str,
    *,
    max_age: int,
    headers: dict[str, str] | None = None,
) -> Response:
    etag = etag_of(body)
    all_headers = {**cache_headers(etag, max_age), **(headers or {})}
    if matches(request, etag):
        return Response(status_code=304, headers=all_headers)
    return Response(body, media_type=media_type, headers=all_headers)


def cached_json(
    request: Request, content: Any, *, max_age: int, media_type: str = "application/json"
) -> Response:
    """`content` (a model or plain data) as compact JSON with its ETag; 304 when it matches."""
    body = json.dumps(jsonable_encoder(content), ensure_ascii=False, separators=(",", ":")).encode()
    return cached_body(request, body, media_type, max_age=max_age)
