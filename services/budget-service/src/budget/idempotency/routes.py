"""The HTTP side of idempotency: the header and the replay/store wrapper routes call."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Annotated, Any

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


async def idempotent_prepared(
    *,
    request: Request,
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    body: BaseModel | None,
    status_code: int,
    prepare: Callable[[], Awaitable[service.Prepared[Any]]],
) -> Response:
    """`idempotent` for an operation split in two (the hot path): `prepare` only reads and works
    out the response; its `effect` is the contended write. The key row is inserted with the
    response already in it, then the effect runs last, so its row locks are held only for itself
    and the commit. A refused effect rolls back the transaction, the key row with it."""
    prepared = await prepare()
    payload = prepared.result.model_dump_json()
    if key is not None:
        fingerprint = _fingerprint(request, body)
        response = service.StoredResponse(status_code, payload)
        stored = await service.begin(session, principal.subject, key, fingerprint, response)
        if stored is not None:
            return _replay(stored)
    await prepared.effect()
    return Response(payload, status_code, media_type="application/json")
