"""Idempotency-Key handling, generic over the money-moving POSTs (may move to kc_common later).

1. `begin` inserts the (subject, key) row first, inside the request's transaction. A concurrent
   request with the same key blocks on the primary key until the first transaction ends, then finds
   the row and replays; if the first rolled back, the second claims the key and runs.
2. The effect runs; `finish` stores the status and body in the same transaction.
3. A replay with a different request hash (method, path, canonical body) is 422
   `idempotency.key_reused`.
Refusals are raised as exceptions, roll the transaction back and so leave no record: only
successful responses are replayed, and a refused request may be retried with the same key.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from budget.idempotency import repository
from kc_common.errors import Conflict, Unprocessable


@dataclass(frozen=True)
class StoredResponse:
    status_code: int
    body: str


def request_hash(method: str, path: str, body: Any) -> str:
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{method} {path}\n{canonical}".encode()).hexdigest()


async def begin(
    session: AsyncSession, subject: str, key: str, fingerprint: str
) -> StoredResponse | None:
    """Claim the key (None: go ahead) or return the first response to replay."""
    if await repository.claim(session, subject, key, fingerprint):
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
