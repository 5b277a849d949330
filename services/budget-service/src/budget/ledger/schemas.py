from __future__ import annotations

from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, Field, field_validator

from budget.common import UtcDatetime


class LedgerEntryOut(BaseModel):
    id: str
    seq: int = Field(description="Position in the whole ledger (gaps are possible)")
    chain: str = Field(
        description="The hash chain: the allocation line `year:category:source`, `year:source` "
        "for money not on a line, `legacy` for entries written before the ledger was split"
    )
    chain_seq: int = Field(description="Position in its chain, from 1")
    document_date: date = Field(description="The date of the document behind the entry")
    created_at: UtcDatetime = Field(description="When the entry was recorded")
    actor_subject: str
    actor_role: str
    kind: str
    amount_vnd: int
    fiscal_year: int
    category: str | None
    funding_source: str | None
    project_id: str | None
    commitment_id: str | None
    reason: str
    reference: str
    idempotency_key: str | None
    details: dict[str, Any]
    hash_version: int
    prev_hash: str
    hash: str

    @field_validator("details", mode="before")
    @classmethod
    def _parse_details(cls, value: Any) -> Any:
        import json

        return json.loads(value) if isinstance(value, str) else value


class LedgerVerification(BaseModel):
    ok: bool
    entries: int
    first_broken_entry_id: str | None = None
    detail: str | None = None
    problem: Literal["entry", "checkpoint", "kept_checkpoint"] | None = Field(
        None,
        description="What failed: an entry (changed, missing or added: "
        "`first_broken_entry_id`), the signed checkpoints stored with the ledger, or the "
        "checkpoint kept outside the database (`checkpoint_seq`) that it no longer holds",
    )
