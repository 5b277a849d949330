"""One append-only, hash-chained ledger for every change of money.

`ledger_head` is a single row holding the last sequence number and hash; appending takes it under
a row lock (an `UPDATE`, or on PostgreSQL an upsert that also creates it, with `RETURNING`), so
the chain has exactly one order. Each entry's `hash` is SHA-256 over its canonical content and
the previous entry's hash (see `ledger.service`); `hash_version` says which columns that content
holds (1: entries written before `document_date` existed; 2: with it).
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Date, DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from budget.db import UUID_STR, Base

GENESIS_HASH = "0" * 64


class LedgerHead(Base):
    __tablename__ = "ledger_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    seq: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    # the hash before `last_hash`: lets one statement's RETURNING hand back both ends of the link
    prev_hash: Mapped[str] = mapped_column(String(64))


class LedgerEntry(Base):
    __tablename__ = "ledger_entries"

    id: Mapped[str] = mapped_column(UUID_STR, primary_key=True)
    seq: Mapped[int] = mapped_column(BigInteger, unique=True)
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
