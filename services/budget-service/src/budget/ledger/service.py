"""Appending to and verifying the hash-chained ledger (one chain per allocation line).

Content is the canonical JSON (sorted keys, no spaces, UTF-8) of the entry's columns, timestamps
in UTC ISO 8601, dates as YYYY-MM-DD. Which columns and which link depend on `hash_version`:
- 1 and 2, the single chain of the ledger before it was split (kept as the chain "legacy"):
  hash = SHA-256(prev_hash + "|" + seq + "|" + content); version 1's content lacks
  `document_date` (filled in afterwards), version 2's has it.
- 3, every entry since: hash = SHA-256(prev_hash + "|" + chain + "|" + chain_seq + "|" + seq +
  "|" + content), content as in version 2. The chain and both positions are hashed, so an entry
  cannot be moved to another chain or place without breaking its hash.
A changed version changes the content, so it cannot be flipped to hide a change.

Chains (`chain_of`): an entry on an allocation line is chained on that line
("<year>:<category>:<source>"); one without a category (appropriations, the unallocated part of a
carry-over) on its year and source ("<year>:<source>"). A commitment waits only for its own line's
head, which its line's row lock already orders. Several entries take their heads in sorted chain
order (no deadlock between two multi-line appends).

On PostgreSQL a single entry is appended by one statement (seq, head lock, hash, insert: see
`repository.chained_insert`). A guarded money change may carry its entry in its own statement
(`prepare` the entry, run the combined statement, then `check_link`). Several entries, and
SQLite, take the heads, chain in Python and write back.

Verification (`verify`) walks every chain in (chain, chain_seq) order in one snapshot, in batches
(constant memory), checks each link, hash and head, then the signed checkpoints
(`ledger.checkpoints`): a checkpoint names each chain's head at its time, so a chain cut back
behind it is caught even if its head row was moved back too. The first broken entry named is the
earliest in ledger order (`seq`).
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
HASH_VERSION = 3
CONTENT_FIELDS_BY_VERSION = {
    1: CONTENT_FIELDS,
    2: (*CONTENT_FIELDS, "document_date"),
    3: (*CONTENT_FIELDS, "document_date"),
}


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
    """Versions 1 and 2 (the legacy chain)."""
    return hashlib.sha256(f"{prev_hash}|{seq}|{content}".encode()).hexdigest()


def chain_link_hash(prev_hash: str, chain: str, chain_seq: int, seq: int, content: str) -> str:
    """Version 3."""
    link = f"{prev_hash}|{chain}|{chain_seq}|{seq}|{content}"
    return hashlib.sha256(link.encode()).hexdigest()


def entry_hash(values: dict[str, Any]) -> str:
    content = content_of(values)
    if int(values.get("hash_version") or 1) < 3:
        return link_hash(str(values["prev_hash"]), int(values["seq"]), content)
    return chain_link_hash(
        str(values["prev_hash"]),
        str(values["chain"]),
        int(values["chain_seq"]),
        int(values["seq"]),
        content,
    )


def chain_of(fiscal_year: int, category: str | None, funding_source: str | None) -> str:
    """The chain an entry is appended to: its allocation line, else its year and source."""
    if category is not None:
        return f"{fiscal_year}:{category}:{funding_source}"
    if funding_source is not None:
        return f"{fiscal_year}:{funding_source}"
    return str(fiscal_year)


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
        "chain": chain_of(draft.fiscal_year, draft.category, draft.funding_source),
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


def check_link(entry: PreparedEntry, linked: tuple[int, int, str, str]) -> None:
    """After a statement that carried `entry` (PostgreSQL): the database must have hashed the
    same bytes as `chain_link_hash` does, or `verify` would later report this entry as broken."""
    chain_seq, seq, prev_hash, hash_ = linked
    chain = entry.values["chain"]
    if hash_ != chain_link_hash(prev_hash, chain, chain_seq, seq, entry.content):
        raise RuntimeError("the ledger hash computed by the database does not match")


async def append(session: AsyncSession, actor: Actor, drafts: list[EntryDraft]) -> list[str]:
    """Append entries in order, each to its chain after that chain's head; returns their ids.

    Call this last in a service operation: the heads' locks are then held only for the final
    statements and the commit.
    """
    if len(drafts) == 1 and is_postgres(session):
        entry = prepare(actor, drafts[0])
        check_link(
            entry, await repository.append_one_postgres(session, entry.values, entry.content)
        )
        return [entry.values["id"]]
    now = utcnow()
    values_list = [_values(actor, draft, now) for draft in drafts]
    counts: dict[str, int] = {}
    for values in values_list:
        counts[values["chain"]] = counts.get(values["chain"], 0) + 1
    taken = await repository.take_heads(session, counts)
    seqs = await repository.next_seqs(session, len(values_list))
    position = {chain: first for chain, (first, _) in taken.items()}
    prev = {chain: last for chain, (_, last) in taken.items()}
    before_last: dict[str, str] = {}
    last: dict[str, dict[str, Any]] = {}
    for values, seq in zip(values_list, seqs, strict=True):
        chain = values["chain"]
        values["seq"], values["chain_seq"] = seq, position[chain]
        values["prev_hash"] = before_last[chain] = prev[chain]
        values["hash"] = prev[chain] = entry_hash(values)
        position[chain] += 1
        last[chain] = values
    await repository.insert_entries(session, values_list)
    for chain in sorted(last):
        await repository.set_head(session, chain, before_last[chain], last[chain])
    return [v["id"] for v in values_list]


async def list_entries(
    session: AsyncSession, filters: dict[str, Any], params: PageParams
) -> Page[dict[str, Any]]:
    return (await repository.list_entries(session, filters, params)).map(lambda r: dict(r._mapping))


# What a failed verification found (`Verification.problem`): an entry changed, missing or
# added; the stored checkpoints themselves; or the copy of a checkpoint kept outside.
ENTRY, CHECKPOINT, KEPT = "entry", "checkpoint", "kept_checkpoint"


@dataclass
class Verification:
    ok: bool
    entries: int
    first_broken_entry_id: str | None = None
    detail: str | None = None
    problem: str | None = None


async def verify(
    session: AsyncSession,
    signer: Any = None,
    batch: int = 5000,
    workers: int = 2,
    kept: Any = None,
) -> Verification:
    """See the module's docstring; `signer`: the checkpoints' keys (`CheckpointSigner`);
    `workers`: on PostgreSQL, connections checking ranges of chains at once; `kept`: a
    checkpoint copied off the database (`verification.Kept`) that must still be there."""
    from budget.ledger import verification

    return await verification.verify(session, signer, kept, batch, workers)
