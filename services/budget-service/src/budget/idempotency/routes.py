"""The HTTP side of idempotency: the header and the replay/store wrapper routes call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated

from fastapi import Header, Request, Response
from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from budget.idempotency import service
from kc_common.auth import Principal

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


def _fingerprint(request: Request, body: BaseModel | None) -> str:
    return service.request_hash(
        request.method, request.url.path, body.model_dump(mode="json") if body else None
    )


def _replay(stored: service.StoredResponse) -> Response:
    return Response(
        stored.body,
        stored.status_code,
        media_type="application/json",
        headers={"Idempotent-Replayed": "true"},
    )


async def idempotent(
    *,
    request: Request,
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    body: BaseModel | None,
    status_code: int,
    action: Callable[[], Awaitable[BaseModel]],
) -> Response:
    """Run `action` once per key; store and return its result, or replay the stored one."""
    if key is None:
        result = await action()
        return Response(result.model_dump_json(), status_code, media_type="application/json")
    stored = await service.begin(session, principal.subject, key, _fingerprint(request, body))
    if stored is not None:
        return _replay(stored)
    result = await action()
    payload = result.model_dump_json()
    await service.finish(session, principal.subject, key, status_code, payload)
    return Response(payload, status_code, media_type="application/json")


def key_row(
    request: Request, principal: Principal, key: str | None, body: BaseModel, status_code: int
) -> service.KeyRow | None:
    """The key row a one-write operation stores with its effect (None without a key)."""
    if key is None:
        return None
    return service.KeyRow(principal.subject, key, _fingerprint(request, body), status_code)


async def idempotent_write(
    *,
    session: AsyncSession,
    key: service.KeyRow | None,
    status_code: int,
    write: Callable[[], Awaitable[str]],
) -> Response:
    """`idempotent` for an operation that stores its key row itself, with its effect (the hot
    path): `write` returns the response body, or raises `KeyTaken`, and then the first response
    is replayed (422 `idempotency.key_reused` if the key was used for another request)."""
    try:
        payload = await write()
    except service.KeyTaken:
        assert key is not None  # only a write given a key row can find it taken
        return _replay(await service.replay(session, key))
    return Response(payload, status_code, media_type="application/json")
