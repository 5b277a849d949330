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


async def idempotent(
    *,
    request: Request,
    session: AsyncSession,
    principal: Principal,
    key: str | None,
    body: BaseModel | None,
    status_code: int,
    action: Callable[[], Awaitable[BaseModel | service.Prepared[Any]]],
) -> Response:
    """Run `action` once per key; store and return its result, or replay the stored one.

    If `action` returns `service.Prepared`, its result is stored first and its effect (the
    contended write) runs last, so that write's row locks are held only until the commit."""
    if key is None:
        outcome = await action()
        if isinstance(outcome, service.Prepared):
            await outcome.effect()
            outcome = outcome.result
        return Response(outcome.model_dump_json(), status_code, media_type="application/json")
    fingerprint = service.request_hash(
        request.method, request.url.path, body.model_dump(mode="json") if body else None
    )
    stored = await service.begin(session, principal.subject, key, fingerprint)
    if stored is not None:
        return Response(
            stored.body,
            stored.status_code,
            media_type="application/json",
            headers={"Idempotent-Replayed": "true"},
        )
    outcome = await action()
    prepared = outcome if isinstance(outcome, service.Prepared) else None
    payload = (prepared.result if prepared else outcome).model_dump_json()
    await service.finish(session, principal.subject, key, status_code, payload)
    if prepared:
        await prepared.effect()
    return Response(payload, status_code, media_type="application/json")
