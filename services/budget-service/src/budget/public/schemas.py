from __future__ import annotations

from pydantic import BaseModel, Field

from budget.common import Category, FundingSource, UtcDatetime


class PublicLine(BaseModel):
    category: Category
    funding_source: FundingSource
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int


class PublicSource(BaseModel):
    funding_source: FundingSource
    appropriated_vnd: int
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int


class PublicYear(BaseModel):
    year: int
    program_name: str | None
    appropriated_vnd: int
    allocated_vnd: int
    committed_vnd: int
    disbursed_vnd: int
    sources: list[PublicSource]
    lines: list[PublicLine]


class PublicYearPage(BaseModel):
    items: list[PublicYear]
    total: int
    page: int
    page_size: int


class PublicCheckpoint(BaseModel):
    """The ledger's latest signed checkpoint: every chain's head at one moment, signed with a
    key the database does not hold. A copy kept anywhere else lets anyone later ask
    `GET /budget/ledger/verify?checkpoint_seq=&checkpoint_signature=` whether the ledger still
    holds it, and check the signature of `body` with `public_key` (Ed25519) on their own."""

    seq: int
    created_at: UtcDatetime
    key_id: str
    signature: str = Field(description="Ed25519 over `body` (UTF-8), base64")
    body: str = Field(
        description="the signed text: JSON with seq, created_at, prev_signature, "
        "key_id and heads (chain -> [chain_seq, hash])"
    )
    chains: int = Field(description="how many chains it names (0 if its body cannot be read)")
    public_key: str | None = Field(description="the signing key's public half, PEM")
