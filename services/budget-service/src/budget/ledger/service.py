"""Appending to and verifying the hash-chained ledger.

hash = SHA-256(prev_hash + "|" + seq + "|" + content), where content is the canonical JSON (sorted
keys, no spaces, UTF-8) of the entry's columns, timestamps in UTC ISO 8601, dates as YYYY-MM-DD.
Which columns depends on the entry's `hash_version`: 1 (entries written before business dates
existed; their `document_date` was filled in afterwards, so it is not part of what they were hashed
over) or 2 (`document_date` too). A changed version changes the content, so it cannot be flipped
to hide a changed date. Verification reads the
head first, walks the entries up to it in sequence order, and reports the first entry whose
sequence, link or hash does not match.

On PostgreSQL a single entry is appended by one statement (head lock, hash, insert: see
`repository.chained_insert`); that keeps the global head lock for one round trip plus the
commit. A guarded money change may carry its entry in its own statement (`prepare` the entry,
run the combined statement, then `check_link`), so the head lock is taken last; run on its own
(autocommit), that statement releases it as soon as it has committed. Several entries, and
SQLite, take the head, chain in Python and write back.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import is_postgres
from budget.context import Actor
from budget.ledger import repository
from budget.ledger.models import GENESIS_HASH
from kc_common.db import new_id
from kc_common.localtime import as_utc, utcnow
from kc_common.pagination import Page, PageParams
from kc_common.schemas import business_today

CONTENT_FIELDS = (
    "id",
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
)
# hash version -> the columns its content holds
HASH_VERSION = 2
CONTENT_FIELDS_BY_VERSION = {1: CONTENT_FIELDS, 2: (*CONTENT_FIELDS, "document_date")}


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
    # the document's date; None: the day it is recorded
    document_date: date | None = None


def content_of(values: dict[str, Any]) -> str:
    version = int(values.get("hash_version") or 1)
    content = {name: values[name] for name in CONTENT_FIELDS_BY_VERSION[version]}
    created = content["created_at"]
    if isinstance(created, datetime):
        content["created_at"] = as_utc(created).isoformat()
    if isinstance(content.get("document_date"), date):
        content["document_date"] = content["document_date"].isoformat()
    return json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def link_hash(prev_hash: str, seq: int, content: str) -> str:
    return hashlib.sha256(f"{prev_hash}|{seq}|{content}".encode()).hexdigest()


def entry_hash(values: dict[str, Any]) -> str:
    return link_hash(str(values["prev_hash"]), int(values["seq"]), content_of(values))


def _values(actor: Actor, draft: EntryDraft, now: datetime) -> dict[str, Any]:
    return {
        "id": str(new_id()),
        "created_at": now,
        "document_date": draft.document_date or business_today(),
        "hash_version": HASH_VERSION,
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
    }


@dataclass(frozen=True)
class PreparedEntry:
    """One entry's values and canonical content, ready to be linked in by the database."""

    values: dict[str, Any]
    content: str

    def params(self) -> dict[str, Any]:
        """Bind values for `repository.chained_insert`."""
        return repository.entry_params(self.values, self.content)


def prepare(actor: Actor, draft: EntryDraft) -> PreparedEntry:
    values = _values(actor, draft, utcnow())
    return PreparedEntry(values, content_of(values))


def check_link(entry: PreparedEntry, linked: tuple[int, str, str]) -> None:
    """After a statement that carried `entry` (PostgreSQL): the database must have hashed the
    same bytes as `link_hash` does, or `verify` would later report this entry as broken."""
    seq, prev_hash, hash_ = linked
    if hash_ != link_hash(prev_hash, seq, entry.content):
        raise RuntimeError("the ledger hash computed by the database does not match")


async def append(session: AsyncSession, actor: Actor, drafts: list[EntryDraft]) -> list[str]:
    """Append entries in order, chained after the current head; returns their ids.

    Call this last in a service operation: the head lock is then held only for the final
    statements and the commit.
    """
    if len(drafts) == 1 and is_postgres(session):
        entry = prepare(actor, drafts[0])
        check_link(
            entry, await repository.append_one_postgres(session, entry.values, entry.content)
        )
        return [entry.values["id"]]
    now = utcnow()
    first_seq, prev = await repository.take_head(session, len(drafts))
    rows: list[dict[str, Any]] = []
    last_prev = prev
    for i, draft in enumerate(drafts):
        values = _values(actor, draft, now)
        values["seq"] = first_seq + i
        values["prev_hash"] = last_prev = prev
        values["hash"] = prev = entry_hash(values)
        rows.append(values)
    await repository.insert_entries(session, rows)
    await repository.set_head_hash(session, last_prev, prev)
    return [r["id"] for r in rows]


async def list_entries(
    session: AsyncSession, filters: dict[str, Any], params: PageParams
) -> Page[dict[str, Any]]:
    return (await repository.list_entries(session, filters, params)).map(lambda r: dict(r._mapping))


@dataclass
class Verification:
    ok: bool
    entries: int
    first_broken_entry_id: str | None = None
    detail: str | None = None


async def verify(session: AsyncSession, batch: int = 2000) -> Verification:
    # The head first: every entry up to its seq is committed (appends serialise on the head),
    # so appends running meanwhile are simply not part of this check.
    head = await repository.head(session)
    head_seq, head_hash = (int(head[0]), str(head[1])) if head else (0, GENESIS_HASH)
    expected_prev, expected_seq, count, last_seq = GENESIS_HASH, 1, 0, 0
    while True:
        rows = await repository.entries_after(session, last_seq, head_seq, batch)
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
    if head_seq != last_seq or head_hash != expected_prev:
        return Verification(False, count, None, "entries are missing at the end of the chain")
    return Verification(True, count)
