"""Rules for enterprises: who sees and changes what, tax codes, references, CSV import."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import logging
import math
import time
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import IO, Any

import asyncpg
from sqlalchemy import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from kc_common import messages
from kc_common.auth import Principal
from kc_common.db import after_commit
from kc_common.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ProblemError,
    Unprocessable,
)
from kc_common.localtime import utcnow
from kc_common.pagination import PageParams
from kc_common.text import sort_key
from registry.craft_villages import repository as villages
from registry.enterprises import bulk, csv_io, repository, words
from registry.enterprises.bulk import ImportError_, search_text
from registry.enterprises.models import Enterprise
from registry.enterprises.repository import EnterpriseFilters, stream_rows
from registry.enterprises.schemas import REQUIRED_FIELDS, EnterpriseCreate, EnterpriseUpdate
from registry.enterprises.tax_code import TaxCodeError, tax_code_error
from registry.reference import repository as reference_data
from registry.reference import service as reference
from registry.roles import can_write

# What an enterprise user may change on its own record: how to reach it. Everything else (tax
# code, name, kind, size, sector, admin unit, founding date, employees, rural-industry flag, craft
# village, owner, status) is a fact the Center verifies and only an officer changes.
CONTACT_FIELDS = ("phone", "email", "address")
logger = logging.getLogger(__name__)


class VerifiedField(Forbidden):
    code = "registry.verified_field"


def verified_fields_refused(fields: list[str]) -> VerifiedField:
    return VerifiedField(
        message="registry.verified_field",
        params={"fields": fields, "contact_fields": list(CONTACT_FIELDS)},
        errors=[_field_error(f, "registry.verified_by_center") for f in fields],
    )


class PayloadTooLarge(ProblemError):
    status, code, title = 413, "registry.import_too_large", "The upload is too large"


def invalid_tax_code(error: TaxCodeError) -> Unprocessable:
    message, params = error
    return Unprocessable.for_field(
        "tax_code", message, code="registry.invalid_tax_code", params=params
    )


def duplicate_tax_code(tax_code: str) -> Conflict:
    params = {"tax_code": tax_code}
    return Conflict(
        code="registry.duplicate_tax_code",
        params=params,
        errors=[
            FieldError(
                field="tax_code",
                message="registry.duplicate_tax_code",
                code="registry.duplicate_tax_code",
                params=params,
            )
        ],
    )


def admin_unit_error(
    code: str, established_on: date | None, ends: dict[str, date | None]
) -> tuple[str, dict[str, Any]] | None:
    """The unit must exist, and still have existed when the establishment was founded (a record
    is read as of its own date: an enterprise founded in 2026 cannot sit in a commune abolished
    on 2025-06-30)."""
    if code not in ends:
        return "registry.unknown_admin_unit", {"code": code}
    end = ends[code]
    # A record without a founding date is read as of the day it is registered.
    as_of = established_on or date.today()
    if end is not None and end < as_of:
        key = "registry.admin_unit_ended" if established_on else "registry.admin_unit_ended_today"
        return key, {"code": code, "ended_on": end.isoformat(), "as_of": as_of.isoformat()}
    return None


def owner_scope(principal: Principal, filters: EnterpriseFilters) -> EnterpriseFilters:
    """An enterprise user's lists hold at most its own enterprise."""
    if not principal.is_enterprise:
        return filters
    own = _own_id(principal)
    if own is None:
        return EnterpriseFilters(nothing=True)
    return EnterpriseFilters(**{**filters.__dict__, "only_id": own})


def _own_id(principal: Principal) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(principal.enterprise_id))
    except ValueError:
        return None


# --- reading -------------------------------------------------------------------------
async def page(
    session: AsyncSession,
    principal: Principal,
    filters: EnterpriseFilters,
    order: list[tuple[Any, bool]],
    params: PageParams,
    cursor: str | None = None,
) -> repository.FoundPage:
    """A page of plain rows (the list's columns), the total (exact up to a cap) and the cursor
    to the next page."""
    try:
        return await repository.page(
            session, owner_scope(principal, filters), order, params, cursor
        )
    except repository.BadCursor:
        raise Unprocessable.for_field(
            "cursor", "registry.invalid_cursor", code="registry.invalid_cursor"
        ) from None


async def get(session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID) -> Enterprise:
    enterprise = await repository.get(session, enterprise_id)
    if enterprise is None or not _visible(principal, enterprise):
        raise NotFound(code="registry.enterprise_not_found")
    return enterprise


async def by_tax_code(session: AsyncSession, principal: Principal, tax_code: str) -> Enterprise:
    if error := tax_code_error(tax_code, "household_business"):
        raise invalid_tax_code(error)
    enterprise = await repository.by_tax_code(session, tax_code)
    if enterprise is None or not _visible(principal, enterprise):
        raise NotFound(code="registry.enterprise_not_found")
    return enterprise


def _visible(principal: Principal, enterprise: Enterprise) -> bool:
    return not principal.is_enterprise or _own_id(principal) == enterprise.id


# --- writing -------------------------------------------------------------------------
async def create(session: AsyncSession, body: EnterpriseCreate) -> Enterprise:
    data = body.model_dump()
    await _check(session, data)
    if await repository.tax_code_taken(session, data["tax_code"]):
        raise duplicate_tax_code(data["tax_code"])
    enterprise = Enterprise(**data)
    enterprise.name_key = sort_key(enterprise.name)
    enterprise.search_text = search_text(enterprise.name)
    repository.add(session, enterprise)
    await _flush(session, enterprise.tax_code)
    await words.relist(session, enterprise.id, None)
    after_commit(session, repository.mark_changed)
    return enterprise


async def update(
    session: AsyncSession, principal: Principal, enterprise_id: uuid.UUID, body: EnterpriseUpdate
) -> Enterprise:
    enterprise = await get(session, principal, enterprise_id)
    sent = body.model_dump(exclude_unset=True)
    if principal.is_enterprise:
        # a form sent back whole repeats the verified facts unchanged: only changes count
        locked = [
            f
            for f, value in sent.items()
            if f not in CONTACT_FIELDS and value != getattr(enterprise, f)
        ]
        if locked:
            raise verified_fields_refused(locked)
    elif not can_write(principal):
        raise Forbidden(message="auth.role_forbidden", params={"role": principal.role})
    nulls = [f for f in REQUIRED_FIELDS if f in sent and sent[f] is None]
    if nulls:
        raise Unprocessable(
            message="registry.fields_not_null",
            params={"fields": nulls},
            errors=[_field_error(f, "validation.not_null") for f in nulls],
        )
    merged = {c: getattr(enterprise, c) for c in EnterpriseCreate.model_fields if c not in sent}
    merged.update(sent)
    await _check(session, merged, only=set(sent))
    if "tax_code" in sent and await repository.tax_code_taken(
        session, merged["tax_code"], other_than=enterprise.id
    ):
        raise duplicate_tax_code(merged["tax_code"])
    before = (enterprise.name_key, enterprise.search_text)
    for key, value in sent.items():
        setattr(enterprise, key, value)
    if "sector_code" in sent:
        enterprise.sector_section = merged["sector_section"]
    enterprise.name_key = sort_key(enterprise.name)
    enterprise.search_text = search_text(enterprise.name)
    enterprise.updated_at = utcnow()
    await _flush(session, enterprise.tax_code)
    if (enterprise.name_key, enterprise.search_text) != before:
        await words.relist(session, enterprise.id, before, enterprise.created_at)
    after_commit(session, repository.mark_changed)
    return enterprise


async def archive(
    session: AsyncSession, enterprise_id: uuid.UUID, principal: Principal
) -> Enterprise:
    enterprise = await get(session, principal, enterprise_id)
    if enterprise.status != "dissolved":
        enterprise.status = "dissolved"
        enterprise.updated_at = utcnow()
        await session.flush()
        after_commit(session, repository.mark_changed)
    return enterprise


async def _flush(session: AsyncSession, tax_code: str) -> None:
    try:
        await session.flush()
    except IntegrityError as exc:  # a concurrent insert of the same tax code
        raise duplicate_tax_code(tax_code) from exc


async def _check(session: AsyncSession, data: dict[str, Any], only: set[str] | None = None) -> None:
    """Tax code against kind, sector and admin unit and craft village references.

    Sets `data["sector_section"]`. `only`: the fields a PATCH sent (kind re-checks the code).
    """

    def wanted(*fields: str) -> bool:
        return only is None or any(f in only for f in fields)

    if wanted("tax_code", "kind") and (error := tax_code_error(data["tax_code"], data["kind"])):
        raise invalid_tax_code(error)
    data["sector_section"] = None
    if data.get("sector_code"):
        data["sector_section"] = await reference.check_sector(session, data["sector_code"])
    if wanted("admin_unit_code", "established_on"):
        ends = await reference_data.admin_unit_ends(session)
        if problem := admin_unit_error(data["admin_unit_code"], data["established_on"], ends):
            raise Unprocessable.for_field(
                "admin_unit_code",
                problem[0],
                code="registry.unknown_admin_unit",
                params=problem[1],
            )
    village = data.get("craft_village_id")
    if wanted("craft_village_id") and village and not await villages.exists(session, village):
        raise Unprocessable.for_field(
            "craft_village_id",
            "registry.unknown_craft_village",
            code="registry.unknown_craft_village",
        )


# --- import --------------------------------------------------------------------------
_BATCH = 5000  # rows staged per statement on SQLite; rows between yields to other requests
_PROGRESS_EVERY = 100_000


async def import_csv(session: AsyncSession, upload: IO[bytes], *, max_rows: int) -> int:
    """All rows or none: every bad row and field is reported (the first `bulk.MAX_REPORTED`
    problems, with exact counts), nothing is written.

    The upload is read as a stream: each row is checked as it is read and staged in a temporary
    table, the checks over the whole file (duplicate tax codes inside it and against the
    registry, craft villages) run in the database. SQLite: then one INSERT … SELECT copies the
    rows in. PostgreSQL: the rows go into enterprises in chunks while the rest of the file is
    read (`_move_while_reading`); a problem found anywhere rolls them back. One transaction,
    the request's."""
    size = _size(upload)
    text = io.TextIOWrapper(upload, encoding="utf-8-sig", newline="")
    try:
        return await _import_stream(
            session, text, max_rows=max_rows, read=lambda: upload.tell() / size if size else 0.0
        )
    except UnicodeDecodeError as exc:
        raise _import_failed(
            [(None, "file", "registry.import_not_utf8", {"reason": exc.reason})]
        ) from exc
    except csv.Error as exc:
        raise _import_failed(
            [(None, "file", "registry.import_not_csv", {"reason": str(exc)})]
        ) from exc
    finally:
        text.detach()  # the upload stays open for whoever owns it


def _size(upload: IO[bytes]) -> int:
    if not upload.seekable():
        return 0
    here = upload.tell()
    size = upload.seek(0, io.SEEK_END)
    upload.seek(here)
    return size - here


def _too_many_rows(max_rows: int) -> PayloadTooLarge:
    return PayloadTooLarge(message="registry.import_too_many_rows", params={"max_rows": max_rows})


async def _import_stream(
    session: AsyncSession, text: IO[str], *, max_rows: int, read: Callable[[], float]
) -> int:
    started = time.monotonic()
    reader = csv.reader(text)
    header = next(reader, [])
    if not header:
        raise _import_failed([(None, "file", "registry.import_empty", {})])
    fields, problems = csv_io.map_headers(header)
    if problems:
        raise _import_failed([(1, "header", key, params) for key, params in problems])

    checker = bulk.RowChecker(
        fields,
        await reference_data.sector_map(session),
        await reference_data.admin_unit_ends(session),
        max_rows=max_rows,
        too_many=lambda: _too_many_rows(max_rows),
        admin_unit_error=admin_unit_error,
    )
    conn = await session.connection()
    postgres = conn.dialect.name == "postgresql"
    checker.ids = not postgres  # PostgreSQL makes them as the chunks are copied
    await repository.create_stage(session)
    rows = checker.rows(enumerate(reader, start=2))  # row 1 is the header, as Excel counts
    moved: _Moved | None = None
    if postgres:
        moved = await _move_while_reading(session, checker, rows, read, started)
    else:
        batch: list[tuple[Any, ...]] = []
        for staged in rows:
            batch.append(staged)
            if len(batch) >= _BATCH:
                await repository.stage_rows(session, bulk.STAGED, batch)
                batch = []
                _progress(checker.found.rows, started)
        if batch:
            await repository.stage_rows(session, bulk.STAGED, batch)

    found = checker.found
    logger.info("enterprise import: %d rows read and staged in %.1f s", found.rows, _since(started))
    # PostgreSQL, every row inserted: no row repeated a tax code or met one already registered
    # or an unknown craft village (the unique index and the foreign key would have refused
    # it), and none had a problem of its own; nothing is left to check.
    if moved is None or not moved.complete(found):
        await repository.mark_stage(session)
        marked, staged_bad, marked_errors = await repository.stage_problems(
            session, bulk.MAX_REPORTED
        )
        problems_total = found.problems + marked
        if problems_total:
            rank = {"sector_code": 1, "admin_unit_code": 2, "craft_village_id": 3}
            errors = sorted(
                [*found.errors, *marked_errors], key=lambda e: (e[0] or 0, rank.get(e[1], 0))
            )[: bulk.MAX_REPORTED]
            raise _import_failed(
                errors, problems=problems_total, bad_rows=found.unstaged_bad_rows + staged_bad
            )
        if moved is not None:  # refused by the database, yet no problem over the stage: a
            # tax code registered meanwhile by another request
            raise Conflict(code="registry.duplicate_tax_code")
    if not found.rows:
        raise _import_failed([(None, "file", "registry.import_no_rows", {})])
    logger.info("enterprise import: checked at %.1f s", _since(started))
    if moved is None:
        now = utcnow()
        try:
            imported = await repository.insert_staged(session, now)
        except IntegrityError as exc:  # a tax code registered meanwhile by another request
            raise Conflict(code="registry.duplicate_tax_code") from exc
    else:
        now = moved.stamp
        await repository.rebuild_indexes(session, moved.rebuild)
        logger.info("enterprise import: indexes made at %.1f s", _since(started))
        await repository.finish_moving(session)
        imported = moved.inserted
    logger.info("enterprise import: %d rows inserted at %.1f s", imported, _since(started))
    # PostgreSQL's search word lists: after the commit (the route's `words.catch_up`)
    await words.queue_imported(session, now, rebuild=bool(moved and moved.rebuild))
    after_commit(session, repository.mark_changed)
    return imported


# PostgreSQL: rows per chunk COPYed and inserted while the next chunk is read, a savepoint each.
# A backend tracks 64 subtransactions in shared memory; past that every other session's snapshot
# must look them up in pg_subtrans while the import runs. So a file estimated at more than
# MAX_CHUNKS chunks takes larger ones (`_chunk_rows`): 25,000 rows up to 1.4 million, about
# 107,000 for 6 million (two chunks held: ~50 MB of rows at 25,000).
CHUNK_ROWS = 25_000
MAX_CHUNKS = 56
_YIELD_EVERY = 1000  # rows read between turns of the event loop while a chunk is moved


@dataclass
class _Moved:
    """What `_move_while_reading` did."""

    stamp: datetime  # the rows' created_at and updated_at
    inserted: int = 0  # rows inserted into enterprises
    refused: bool = False  # the database refused a chunk (unique tax code, craft village)
    rebuild: list[str] = field(default_factory=list)  # the secondary indexes to make again

    def complete(self, found: bulk.Checked) -> bool:
        return not self.refused and not found.problems and self.inserted == found.rows


def _chunk_rows(rows_read: int, fraction_read: float) -> int:
    """Rows in the next chunk: CHUNK_ROWS, or as many as keep the whole file (estimated from
    the share of its bytes read so far) within MAX_CHUNKS."""
    if fraction_read <= 0:
        return CHUNK_ROWS
    expected = rows_read / min(fraction_read, 1.0)
    return max(CHUNK_ROWS, math.ceil(expected / MAX_CHUNKS))


async def _move_while_reading(
    session: AsyncSession,
    checker: bulk.RowChecker,
    rows: Iterator[tuple[Any, ...]],
    read: Callable[[], float],
    started: float,
) -> _Moved:
    """PostgreSQL: the staged rows in chunks (`repository.CHUNK`); while Python reads and checks
    the next chunk, a task COPYs the previous one and the database keeps its check columns in
    the stage and inserts its rows into enterprises, until a problem is known (then only the
    staging goes on). A large import into a smaller table drops the secondary indexes before its
    first insert (`repository.REBUILD_FROM`; the size is estimated from the bytes read) and
    they are made again at the end. A problem that ends the import (too many rows, bytes that
    are not UTF-8, broken CSV) is raised once the database is idle, and the transaction is
    rolled back as usual."""
    await repository.create_chunk(session)
    raw: Any = (await (await session.connection()).get_raw_connection()).driver_connection
    found = checker.found
    now = utcnow()
    moved = _Moved(now)
    smaller: bool | None = None  # whether the table holds fewer rows than the file brings
    pending: asyncio.Task[None] | None = None

    async def settle() -> None:
        nonlocal pending
        if pending is not None:
            await pending
            pending = None

    async def move(batch: list[tuple[Any, ...]], insert: bool) -> None:
        await raw.copy_records_to_table(
            repository.CHUNK.name, records=batch, columns=bulk.STAGED_WITHOUT_ID
        )
        try:
            await raw.execute(repository.move_chunk_sql(now, insert=insert))
        except asyncpg.IntegrityConstraintViolationError:
            await raw.execute("ROLLBACK TO SAVEPOINT import_chunk")
            await raw.execute(f"TRUNCATE {repository.CHUNK.name}")
            moved.refused = True
            return
        if insert:
            moved.inserted += len(batch)

    async def flush(batch: list[tuple[Any, ...]], *, last: bool) -> None:
        nonlocal pending, smaller
        await settle()
        insert = not moved.refused and not found.problems
        if insert and not moved.rebuild:
            fraction = 1.0 if last else read()
            expected = found.rows if last or fraction <= 0 else int(found.rows / fraction)
            if expected >= repository.REBUILD_FROM:
                if smaller is None:
                    smaller = await repository.rows_below(session, expected)
                if smaller:
                    moved.rebuild = await repository.drop_secondary_indexes(session)
        # COPY and move in a task: the rows go out and the database works while we read on
        pending = asyncio.create_task(move(batch, insert))
        await asyncio.sleep(0)

    batch: list[tuple[Any, ...]] = []
    next_log = _PROGRESS_EVERY
    chunk_rows = CHUNK_ROWS
    try:
        for staged in rows:
            batch.append(staged)
            if len(batch) >= chunk_rows:
                await flush(batch, last=False)
                batch = []
                chunk_rows = _chunk_rows(found.rows, read())
            elif len(batch) % _YIELD_EVERY == 0:
                # the task sends the next part of its COPY (or reads its answer); other requests
                await asyncio.sleep(0)
                if found.rows >= next_log:
                    logger.info(
                        "enterprise import: %d rows read at %.1f s", found.rows, _since(started)
                    )
                    next_log += _PROGRESS_EVERY
        await flush(batch, last=True)
        await settle()
    except BaseException:
        # whatever ends the import, the connection is left idle for the rollback
        if pending is not None:
            with contextlib.suppress(BaseException):
                await pending
        raise
    return moved


def _since(started: float) -> float:
    return time.monotonic() - started


def _progress(rows: int, started: float) -> None:
    if rows % _PROGRESS_EVERY < _BATCH:
        logger.info("enterprise import: %d rows read at %.1f s", rows, _since(started))


def _field_error(field: str, key: str, params: dict[str, Any] | None = None) -> FieldError:
    return FieldError(field=field, message=key, code=key, params=params or None)


def _import_failed(
    errors: list[ImportError_], *, problems: int | None = None, bad_rows: int | None = None
) -> Unprocessable:
    """The 422 of a refused import; `problems` and `bad_rows` count beyond the errors listed."""
    if bad_rows is None:
        bad_rows = len({row for row, *_ in errors if row is not None})
    params: dict[str, Any]
    if bad_rows:
        count = len(errors) if problems is None else problems
        message, params = "registry.import_failed", {"problems": count, "rows": bad_rows}
    else:
        message = "registry.import_failed_file"
        params = {"reasons": [messages.text(key, p) for _, _, key, p in errors[:3]]}
    return Unprocessable(
        code="registry.import_failed",
        message=message,
        params=params,
        errors=[
            _field_error(f"row {row}: {field}" if row else field, key, p)
            for row, field, key, p in errors
        ],
        # One entry per problem, in the request's language, for a table of the bad rows.
        extra={
            "rows": [
                {
                    "row": row,
                    "field": field,
                    "message": messages.text(key, p),
                    "code": key,
                    "params": p,
                }
                for row, field, key, p in errors
            ]
        },
    )


async def export_rows(
    engine: AsyncEngine,
    principal: Principal,
    filters: EnterpriseFilters,
    order: list[tuple[Any, bool]],
) -> AsyncIterator[RowMapping]:
    """The rows of an export, read on a connection of its own while the response streams."""
    async with engine.connect() as conn:
        async for row in stream_rows(conn, owner_scope(principal, filters), order):
            yield row
