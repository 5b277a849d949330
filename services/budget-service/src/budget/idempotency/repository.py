"""Statements on idempotency records. They run on every money-moving POST, so they are built once
(bind parameters) instead of per request."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table, bindparam, select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.ext.asyncio import AsyncSession

from budget.common import is_postgres
from budget.idempotency.models import IdempotencyRecord
from kc_common.localtime import utcnow

T = cast(Table, IdempotencyRecord.__table__)

_CLAIM_VALUES: dict[str, Any] = {
    "subject": bindparam("subject"),
    "key": bindparam("key"),
    "request_hash": bindparam("request_hash"),
    "created_at": bindparam("created_at"),
    "status_code": bindparam("status_code"),
    "response_body": bindparam("response_body"),
}
_CLAIM = {
    dialect: insert(T)
    .values(**_CLAIM_VALUES)
    .on_conflict_do_nothing(index_elements=["subject", "key"])
    .returning(T.c.key)
    for dialect, insert in (("postgresql", pg_insert), ("sqlite", sqlite_insert))
}
_THIS_KEY = (T.c.subject == bindparam("the_subject")) & (T.c.key == bindparam("the_key"))
_GET = select(T.c.request_hash, T.c.status_code, T.c.response_body).where(_THIS_KEY)
_EXISTS = select(T.c.key).where(_THIS_KEY)
_COMPLETE = (
    update(T)
    .where(_THIS_KEY)
    .values(status_code=bindparam("status_code"), response_body=bindparam("response_body"))
)


async def claim(
    session: AsyncSession,
    subject: str,
    key: str,
    request_hash: str,
    status_code: int | None = None,
    body: str | None = None,
) -> bool:
    """Insert the key row (the response too, when it is known already); False if it exists.
    A concurrent holder makes this wait (unique PK)."""
    stmt = _CLAIM["postgresql" if is_postgres(session) else "sqlite"]
    params = {
        "subject": subject,
        "key": key,
        "request_hash": request_hash,
        "created_at": utcnow(),
        "status_code": status_code,
        "response_body": body,
    }
    return (await session.execute(stmt, params)).first() is not None


async def get(session: AsyncSession, subject: str, key: str) -> Any:
    return (await session.execute(_GET, {"the_subject": subject, "the_key": key})).one()


async def exists(session: AsyncSession, subject: str, key: str) -> bool:
    params = {"the_subject": subject, "the_key": key}
    return (await session.execute(_EXISTS, params)).first() is not None


def claim_after(gate: Any) -> Any:
    """PostgreSQL: a CTE inserting the key row (bind parameters `k_*`, see `KeyRow.params`) only
    if `gate` returned a row. No ON CONFLICT: a key that is already taken (or being taken by a
    concurrent request, which this waits for) aborts the whole statement with a unique
    violation of `pk_idempotency_records`, so the effect the statement carried is undone too."""
    names = ["subject", "key", "request_hash", "status_code", "response_body", "created_at"]
    columns = [bindparam(f"k_{n}", type_=T.c[n].type).label(n) for n in names]
    return (
        T.insert()
        .from_select(names, select(*columns).select_from(gate))
        .returning(T.c.key)
        .cte("claim")
    )


async def complete(
    session: AsyncSession, subject: str, key: str, status_code: int, body: str
) -> None:
    params = {
        "the_subject": subject,
        "the_key": key,
        "status_code": status_code,
        "response_body": body,
    }
    await session.execute(_COMPLETE, params)
