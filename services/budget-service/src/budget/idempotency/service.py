"""Idempotency-Key handling, generic over the money-moving POSTs (may move to kc_common later).

1. `begin` inserts the (subject, key) row first, inside the request's transaction. A concurrent
   request with the same key blocks on the primary key until the first transaction ends, then finds
   the row and replays; if the first rolled back, the second claims the key and runs.
2. The effect runs; `finish` stores the status and body in the same transaction.
   The hot path (a new commitment) works out its response first and writes the key row with it,
   as a `KeyRow`: on PostgreSQL inside the effect's own single statement, after the guarded
   write (no ON CONFLICT: a taken key aborts the whole statement, and `KeyTaken` says "replay");
   on SQLite first, in the request's transaction. A refused effect leaves no key row either way.
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
from kc_common.localtime import utcnow


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
    """Claim the key (None: go ahead, then `finish`) or return the first response to replay."""
    if await repository.claim(session, subject, key, fingerprint):
        return None
    return await _stored(session, subject, key, fingerprint)


async def _stored(
    session: AsyncSession, subject: str, key: str, fingerprint: str
) -> StoredResponse:
    """The first response stored under an existing key; 422 if it was for another request."""
    stored_hash, status_code, body = await repository.get(session, subject, key)
    if stored_hash != fingerprint:
        raise Unprocessable.for_field(
            "Idempotency-Key",
            "idempotency.key_reused",
            code="idempotency.key_reused",
        )
    if status_code is None or body is None:  # not reachable across transactions; defensive
        raise Conflict(code="idempotency.busy")
    return StoredResponse(status_code, body)


KEY_CONSTRAINT = "pk_idempotency_records"  # the unique key a taken key violates


class KeyTaken(Exception):
    """The request's key already has a record: the answer is a replay (`replay`)."""


@dataclass(frozen=True)
class KeyRow:
    """A key row written together with the effect, holding the response it will replay."""

    subject: str
    key: str
    request_hash: str
    status_code: int

    def params(self, body: str) -> dict[str, Any]:
        """Bind values for `repository.claim_after`."""
        return {
            "k_subject": self.subject,
            "k_key": self.key,
            "k_request_hash": self.request_hash,
            "k_status_code": self.status_code,
            "k_response_body": body,
            "k_created_at": utcnow(),
        }


async def claim_with_response(session: AsyncSession, row: KeyRow, body: str) -> None:
    """Write the key row first, inside the request's transaction (the SQLite hot path)."""
    if not await repository.claim(
        session, row.subject, row.key, row.request_hash, row.status_code, body
    ):
        raise KeyTaken


async def recorded(session: AsyncSession, row: KeyRow) -> bool:
    return await repository.exists(session, row.subject, row.key)


async def replay(session: AsyncSession, row: KeyRow) -> StoredResponse:
    """The stored response for a taken key (422 `idempotency.key_reused` if another request's)."""
    return await _stored(session, row.subject, row.key, row.request_hash)


async def finish(
    session: AsyncSession, subject: str, key: str, status_code: int, body: str
) -> None:
    await repository.complete(session, subject, key, status_code, body)
