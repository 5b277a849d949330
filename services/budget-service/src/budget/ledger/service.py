"""Appending to and verifying the hash-chained ledger.

hash = SHA-256(prev_hash || canonical JSON of the entry's content), where the content is every
column except `hash` itself (`prev_hash` included), timestamps in UTC ISO 8601. Verification walks
the entries in sequence order and reports the first entry whose link or hash does not match.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import as_utc, new_id, utcnow
from budget.context import Actor
from budget.ledger import repository
from budget.ledger.models import GENESIS_HASH

HASHED_FIELDS = (
    "id",
    "seq",
    "created_at",
    "actor_subject",
    "actor_role",
    "kind",
    "amount_vnd",
    "fiscal_year",
    "category",
    "funding_source",
    "project_id",
    "commitment_id",
    "reason",
    "reference",
    "idempotency_key",
    "details",
    "prev_hash",
)


@dataclass
class EntryDraft:
    kind: str
    amount_vnd: int
    fiscal_year: int
    category: str | None = None
    funding_source: str | None = None
    project_id: str | None = None
    commitment_id: str | None = None
    reason: str = ""
    reference: str = ""
    details: dict[str, Any] = field(default_factory=dict)


def entry_hash(values: dict[str, Any]) -> str:
    content = {name: values[name] for name in HASHED_FIELDS}
    created = content["created_at"]
    if isinstance(created, datetime):
        content["created_at"] = as_utc(created).isoformat()
    canonical = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256((str(values["prev_hash"]) + canonical).encode()).hexdigest()


async def append(session: AsyncSession, actor: Actor, drafts: list[EntryDraft]) -> list[str]:
    """Append entries in order, chained after the current head; returns their ids.

    Call this last in a service operation: the head lock is then held only for the final
    statements and the commit.
    """
    now = utcnow()
    first_seq, prev = await repository.take_head(session, len(drafts))
    rows: list[dict[str, Any]] = []
    for i, draft in enumerate(drafts):
        values: dict[str, Any] = {
            "id": new_id(),
            "seq": first_seq + i,
            "created_at": now,
            "actor_subject": actor.subject,
            "actor_role": actor.role,
            "kind": draft.kind,
            "amount_vnd": draft.amount_vnd,
            "fiscal_year": draft.fiscal_year,
            "category": draft.category,
            "funding_source": draft.funding_source,
            "project_id": draft.project_id,
            "commitment_id": draft.commitment_id,
            "reason": draft.reason,
            "reference": draft.reference,
            "idempotency_key": actor.idempotency_key,
            "details": json.dumps(draft.details, sort_keys=True, separators=(",", ":")),
            "prev_hash": prev,
        }
        values["hash"] = prev = entry_hash(values)
        rows.append(values)
    await repository.insert_entries(session, rows)
    await repository.set_head_hash(session, prev)
    return [r["id"] for r in rows]


async def list_entries(
    session: AsyncSession, filters: dict[str, Any], offset: int, limit: int
) -> tuple[list[dict[str, Any]], int]:
    rows, total = await repository.list_entries(session, filters, offset, limit)
    return [dict(r._mapping) for r in rows], total


@dataclass
class Verification:
    ok: bool
    entries: int
    first_broken_entry_id: str | None = None
    detail: str | None = None


async def verify(session: AsyncSession, batch: int = 2000) -> Verification:
    expected_prev, expected_seq, count, last_seq = GENESIS_HASH, 1, 0, 0
    while True:
        rows = await repository.entries_after(session, last_seq, batch)
        if not rows:
            break
        for row in rows:
            values = dict(row._mapping)
            count += 1
            if values["seq"] != expected_seq:
                return Verification(False, count, values["id"], "sequence gap before this entry")
            if values["prev_hash"] != expected_prev:
                return Verification(False, count, values["id"], "link to the previous entry broken")
            if entry_hash(values) != values["hash"]:
                return Verification(False, count, values["id"], "content does not match its hash")
            expected_prev, expected_seq, last_seq = values["hash"], expected_seq + 1, values["seq"]
    head = await repository.head(session)
    head_seq, head_hash = (head[0], head[1]) if head else (0, GENESIS_HASH)
    if head_seq != last_seq or head_hash != expected_prev:
        return Verification(False, count, None, "entries are missing at the end of the chain")
    return Verification(True, count)
