"""Idempotency-Key handling, generic over the money-moving POSTs (may move to kc_common later).

1. `begin` inserts the (subject, key) row first, inside the request's transaction. A concurrent
   request with the same key blocks on the primary key until the first transaction ends, then finds
   the row and replays; if the first rolled back, the second claims the key and runs.
2. The effect runs; `finish` stores the status and body in the same transaction. An operation may
   instead be `Prepared`: its response worked out by reads alone, ahead of its contended write.
   Then `begin` inserts the key row with the response already in it, and the write runs last, so
   its row locks are held only until the commit (the write is in the same transaction: if it is
   refused, the key row is rolled back too).
3. A replay with a different request hash (method, path, canonical body) is 422
   `idempotency.key_reused`.
Refusals are raised as exceptions, roll the transaction back and so leave no record: only
successful responses are replayed, and a refused request may be retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from pydantic import BaseModel
from sqlalchemy.ext.asyncio import AsyncSession

from budget.idempotency import repository
from kc_common.errors import Conflict, Unprocessable

R = TypeVar("R", bound=BaseModel)


@dataclass(frozen=True)
class Prepared(Generic[R]):
    """A response known before the write that makes it true: `effect()` performs that write (and
    raises, rolling everything back, if it is refused). Used for contended rows: the caller stores
    the response first and runs `effect` last, just before the commit."""

    result: R
    effect: Callable[[], Awaitable[None]]  # the write; raises (a refusal) to roll back


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str


def request_hash(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


async def begin(
    session: AsyncSession,
    subject: str,
    key: str,
    fingerprint: str,
    response: StoredResponse | None = None,
) -> StoredResponse | None:
    """Claim the key (None: go ahead) or return the first response to replay. With `response`,
    the key row is written complete (no `finish`)."""
    status_code, body = (response.status_code, response.body) if response else (None, None)
    if await repository.claim(session, subject, key, fingerprint, status_code, body):
        return None
    stored_hash, status_code, body = await repository.get(session, subject, key)
    if stored_hash != fingerprint:
        raise Unprocessable.for_field(
            "Idempotency-Key",
            "this key was already used for a different request",
            code="idempotency.key_reused",
        )
    if status_code is None or body is None:  # not reachable across transactions; defensive
        raise Conflict("a request with this key is still in progress", code="idempotency.busy")
    return StoredResponse(status_code, body)


async def finish(
    session: AsyncSession, subject: str, key: str, status_code: int, body: str
) -> None:
    await repository.complete(session, subject, key, status_code, body)
