"""An append-only ledger for every change of money, hash-chained per allocation line.

Each entry belongs to one chain (`chain`): the allocation line it moves money on
(`"<year>:<category>:<source>"`), or for money not on a line (appropriations, the unallocated part
of a carry-over) its year and source (`"<year>:<source>"`). Entries written before the ledger was
split keep the one chain they were written in, `"legacy"` (migration 5e2b7c9d1a30). A chain's head
(`ledger_chain_heads`) holds its last `chain_seq` and hash; appending locks only that row, so
commitments on different lines never wait for each other (they already wait for their own line's
row lock, which the head adds nothing to).

Each entry's `hash` is SHA-256 over its link (chain, position, ledger-wide `seq`), the previous
entry's hash in its chain and its canonical content (see `ledger.service`); `hash_version` says
which: 1 and 2 (the legacy chain, before and after `document_date` existed) link by `seq` alone, 3
by chain, `chain_seq` and `seq`. `seq` orders the whole ledger (a sequence on PostgreSQL, drawn just
before the head is locked: gaps are possible, and two entries of one chain appended at the same
moment may take their seqs in the other order; `chain_seq` is the chain's own order).

`ledger_checkpoints`: now and then every chain's head, signed (Ed25519, `ledger.checkpoints`);
each names the one before it. Cutting a chain's tail and moving its head back is then caught by
the last checkpoint, which still names the lost entry's hash.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Integer,
    Sequence,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from budget.db import UUID_STR, Base

GENESIS_HASH = "0" * 64
LEGACY_CHAIN = "legacy"
# PostgreSQL numbers entries from this sequence (SQLite: the next after the highest, under its
# database-wide write lock)
ENTRY_SEQ = Sequence("ledger_entry_seq", metadata=Base.metadata)


class LedgerChainHead(Base):
    __tablename__ = "ledger_chain_heads"

    chain: Mapped[str] = mapped_column(String(80), primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger)  # the last entry's chain_seq
    last_hash: Mapped[str] = mapped_column(String(64))
    # the hash before `last_hash`: lets one statement's RETURNING hand back both ends of the link
    prev_hash: Mapped[str] = mapped_column(String(64))
    # the last entry's ledger-wide seq
    entry_seq: Mapped[int] = mapped_column(BigInteger)


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"
    __table_args__ = (UniqueConstraint("chain", "chain_seq", name="uq_ledger_entries_chain_seq"),)

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    chain: Mapped[str] = mapped_column(String(80))
    chain_seq: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # the date of the document behind the entry (decision, voucher), beside the time it was recorded
    document_date: Mapped[date] = mapped_column(Date, index=True)
    actor_subject: Mapped[str] = mapped_column(String(200))
    actor_role: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(30), index=True)
    amount_vnd: Mapped[int] = mapped_column(BigInteger)
    fiscal_year: Mapped[int] = mapped_column(Integer, index=True)
    category: Mapped[str | None] = mapped_column(String(40))
    funding_source: Mapped[str | None] = mapped_column(String(20))
    project_id: Mapped[str | None] = mapped_column(UUID_STR, index=True)
    commitment_id: Mapped[str | None] = mapped_column(UUID_STR, index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    reference: Mapped[str] = mapped_column(String(200), default="")
    idempotency_key: Mapped[str | None] = mapped_column(String(255))
    details: Mapped[str] = mapped_column(Text, default="{}")
    hash_version: Mapped[int] = mapped_column(Integer, server_default="1")
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class LedgerCheckpoint(Base):
    """Every chain's head at one moment, signed. `body` is the canonical JSON that was signed:
    {"seq", "created_at", "prev_signature", "key_id", "heads": {chain: [chain_seq, hash]}}."""

    __tablename__ = "ledger_checkpoints"

    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    key_id: Mapped[str] = mapped_column(String(64))
    body: Mapped[str] = mapped_column(Text)
    signature: Mapped[str] = mapped_column(String(128))
