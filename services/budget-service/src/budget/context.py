"""Who is acting, passed from routes to services so the ledger can record it."""

from __future__ import annotations

from dataclasses import dataclass

from kc_common.auth import Principal


@dataclass(frozen=True)
class Actor:
    subject: str
    role: str
    idempotency_key: str | None = None

    @classmethod
    def of(cls, principal: Principal, idempotency_key: str | None = None) -> Actor:
        return cls(principal.subject, principal.role, idempotency_key)
