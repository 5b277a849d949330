"""Audit rules: auth events are written in the request's transaction; write requests are queued
and flushed in batches by a background task (drained on clean shutdown), so the proxy path does
not wait for the database."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit import repository
from gateway.audit.models import AuditEvent
from gateway.audit.records import RECORD_TYPE_PATHS, WRITE_REQUEST, Described, describe
from gateway.audit.repository import AuditFilter
from kc_common.db import Database, new_id
from kc_common.errors import Unprocessable
from kc_common.localtime import as_utc, day_start, utcnow
from kc_common.pagination import Page, PageParams, empty_page

log = logging.getLogger("gateway.audit")

# Event kinds
LOGIN_SUCCEEDED = "auth.login_succeeded"
LOGIN_FAILED = "auth.login_failed"
LOGIN_RATE_LIMITED = "auth.login_rate_limited"
LOCKOUT = "auth.lockout"
REFRESH = "auth.refresh"
REFRESH_FAILED = "auth.refresh_failed"
REFRESH_REUSE = "auth.refresh_reuse"
LOGOUT = "auth.logout"
CLIENT_TOKEN = "auth.client_credentials"
CLIENT_TOKEN_FAILED = "auth.client_credentials_failed"


def record(
    session: AsyncSession,
    kind: str,
    *,
    actor_id: str | None = None,
    username: str | None = None,
    role: str | None = None,
    method: str | None = None,
    path: str | None = None,
    status: int | None = None,
    request_id: str | None = None,
    ip: str | None = None,
    detail: str | None = None,
) -> None:
    repository.add(
        session,
        kind=kind,
        at=utcnow(),
        actor_id=actor_id,
        username=username,
        role=role,
        method=method,
        path=path[:500] if path else path,
        status=status,
        request_id=request_id,
        ip=ip,
        detail=detail[:500] if detail else detail,
    )


__all__ = ["WRITE_REQUEST", "AuditWriter", "record", "search", "what"]


async def search(
    session: AsyncSession,
    f: AuditFilter,
    params: PageParams,
    *,
    record_type: str | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
) -> Page[AuditEvent]:
    """Events newest first (see `_checked` for the day and record-type filters)."""
    checked = _checked(f, record_type=record_type, from_day=from_day, to_day=to_day)
    if checked is None:
        return empty_page(params)
    return await repository.search(session, checked, params)


def export_query(
    f: AuditFilter,
    *,
    record_type: str | None = None,
    from_day: date | None = None,
    to_day: date | None = None,
) -> Select[Any]:
    checked = _checked(f, record_type=record_type, from_day=from_day, to_day=to_day)
    return repository.export_query(checked or replace(f, kind=NO_EVENTS))


# A kind no event has: what a contradictory filter (a record type with a non-write kind) finds.
NO_EVENTS = "-"


def _checked(
    f: AuditFilter, *, record_type: str | None, from_day: date | None, to_day: date | None
) -> AuditFilter | None:
    """`from_day`/`to_day` are Vietnamese calendar days, both included; `record_type` selects the
    write requests under that record's path. None: nothing can match."""
    # query timestamps without an offset are read as UTC
    f = replace(
        f,
        since=as_utc(f.since) if f.since else None,
        until=as_utc(f.until) if f.until else None,
    )
    if f.since and f.until and f.since >= f.until:
        raise Unprocessable.for_field("until", "validation.after", params={"other": "since"})
    if from_day and to_day and to_day < from_day:
        raise Unprocessable.for_field("to", "validation.not_before", params={"other": "from"})
    if from_day:
        start = day_start(from_day)
        f = replace(f, since=max(f.since, start) if f.since else start)
    if to_day:
        end = day_start(to_day + timedelta(days=1))
        f = replace(f, until=min(f.until, end) if f.until else end)
    if record_type:
        f = replace(f, kind=f.kind or WRITE_REQUEST, record_path=RECORD_TYPE_PATHS[record_type])
        if f.kind != WRITE_REQUEST:
            return None
    return f


def what(event: AuditEvent) -> Described:
    """The action and the record of an event (see gateway.audit.records)."""
    return describe(event.kind, event.method, event.path, event.record_id)


class AuditWriter:
    """An in-memory queue of audit rows flushed by one background task."""

    def __init__(
        self,
        db: Database,
        *,
        interval: float = 0.5,
        max_pending: int = 100_000,
        housekeeping: Callable[[AsyncSession], Awaitable[None]] | None = None,
    ) -> None:
        self._db = db
        self._interval = interval
        self._max_pending = max_pending
        self._pending: list[dict[str, Any]] = []
        self._lock = asyncio.Lock()
        self._task: asyncio.Task[None] | None = None
        self._housekeeping = housekeeping
        self._last_housekeeping = 0.0

    def enqueue(
        self,
        *,
        kind: str,
        at: datetime,
        actor_id: str | None,
        username: str | None,
        role: str | None,
        method: str,
        path: str,
        status: int,
        request_id: str | None,
        ip: str | None,
        detail: str | None = None,
        record_id: str | None = None,
    ) -> None:
        if len(self._pending) >= self._max_pending:
            log.error("audit queue full; event dropped", extra={"path": path})
            return
        self._pending.append(
            {
                "id": new_id(),
                "at": at,
                "kind": kind,
                "actor_id": actor_id,
                "username": username,
                "role": role,
                "method": method,
                "path": path[:500],
                "status": status,
                "request_id": request_id,
                "ip": ip,
                "detail": detail,
                "record_id": record_id,
            }
        )

    @property
    def pending(self) -> int:
        return len(self._pending)

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="audit-writer")

    async def stop(self) -> None:
        if self._task:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    async def flush(self) -> None:
        async with self._lock:
            if not self._pending:
                return
            batch, self._pending = self._pending, []
            try:
                async with self._db.sessionmaker() as session:
                    await repository.insert_many(session, batch)
                    await session.commit()
            except Exception:
                # Keep the rows for the next attempt rather than losing them.
                self._pending[:0] = batch
                raise

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.flush()
                if self._housekeeping and loop.time() - self._last_housekeeping > 60:
                    self._last_housekeeping = loop.time()
                    async with self._db.sessionmaker() as session:
                        await self._housekeeping(session)
                        await session.commit()
            except Exception:
                log.exception("audit flush failed; will retry")
