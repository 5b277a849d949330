"""Rules for enterprises: who sees and changes what, tax codes, references, CSV import."""

from __future__ import annotations

import csv
import uuid
from collections.abc import AsyncIterator
from datetime import date
from typing import Any

from pydantic import ValidationError
from sqlalchemy import RowMapping
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from kc_common import messages
from kc_common.auth import Principal
from kc_common.db import new_id
from kc_common.errors import (
    Conflict,
    FieldError,
    Forbidden,
    NotFound,
    ProblemError,
    Unprocessable,
    validation_field_error,
)
from kc_common.localtime import utcnow
from kc_common.pagination import PageParams
from kc_common.text import fold
from registry.craft_villages import repository as villages
from registry.enterprises import csv_io, repository
from registry.enterprises.models import Enterprise
from registry.enterprises.repository import EnterpriseFilters, stream_rows
from registry.enterprises.schemas import REQUIRED_FIELDS, EnterpriseCreate, EnterpriseUpdate
from registry.enterprises.tax_code import TaxCodeError, tax_code_error
from registry.reference import repository as reference_data
from registry.reference import service as reference
from registry.reference.service import sector_section
from registry.roles import can_write

# What an enterprise user may change on its own record: how to reach it. Everything else (tax
# code, name, kind, size, sector, admin unit, founding date, employees, rural-industry flag, craft
# village, owner, status) is a fact the Center verifies and only an officer changes.
CONTACT_FIELDS = ("phone", "email", "address")


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


def search_text(name: str) -> str:
    """The folded name a search matches fragments of (a tax code is matched on its own
    column, by prefix)."""
    return fold(name)[:300]


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
    enterprise.search_text = search_text(enterprise.name)
    repository.add(session, enterprise)
    await _flush(session, enterprise.tax_code)
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
    for key, value in sent.items():
        setattr(enterprise, key, value)
    if "sector_code" in sent:
        enterprise.sector_section = merged["sector_section"]
    enterprise.search_text = search_text(enterprise.name)
    enterprise.updated_at = utcnow()
    await _flush(session, enterprise.tax_code)
    return enterprise


async def archive(
    session: AsyncSession, enterprise_id: uuid.UUID, principal: Principal
) -> Enterprise:
    enterprise = await get(session, principal, enterprise_id)
    if enterprise.status != "dissolved":
        enterprise.status = "dissolved"
        enterprise.updated_at = utcnow()
        await session.flush()
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
async def import_csv(session: AsyncSession, raw: bytes, *, max_rows: int) -> int:
    """All rows or none: every bad row and field is reported, nothing is written."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _import_failed(
            [(None, "file", "registry.import_not_utf8", {"reason": exc.reason})]
        ) from exc
    try:
        return await _import_text(session, text, max_rows=max_rows)
    except csv.Error as exc:
        raise _import_failed(
            [(None, "file", "registry.import_not_csv", {"reason": str(exc)})]
        ) from exc


async def _import_text(session: AsyncSession, text: str, *, max_rows: int) -> int:
    header, rows = csv_io.read_rows(text)
    if not header:
        raise _import_failed([(None, "file", "registry.import_empty", {})])
    fields, problems = csv_io.map_headers(header)
    if problems:
        raise _import_failed([(1, "header", key, params) for key, params in problems])

    sectors = await reference_data.sector_map(session)
    admin_units = await reference_data.admin_unit_ends(session)
    errors: list[ImportError_] = []
    records: list[tuple[int, dict[str, Any]]] = []
    first_row: dict[str, int] = {}
    village_ids: set[uuid.UUID] = set()
    count = 0
    for number, cells in enumerate(rows, start=2):  # row 1 is the header, as Excel counts
        if not any(c.strip() for c in cells):
            continue
        count += 1
        if count > max_rows:
            raise PayloadTooLarge(
                message="registry.import_too_many_rows", params={"max_rows": max_rows}
            )
        if len(cells) > len(fields):
            params = {"cells": len(cells), "columns": len(fields)}
            errors.append((number, "row", "registry.import_cells", params))
            continue
        values = {f: csv_io.normalize(f, c) for f, c in zip(fields, cells, strict=False) if f}
        values = {k: v for k, v in values.items() if v is not None}
        try:
            body = EnterpriseCreate.model_validate(values)
        except ValidationError as exc:
            lang = messages.current_language()
            for e in exc.errors():
                field = ".".join(str(p) for p in e["loc"]) or "row"
                found = validation_field_error(e, lang)
                errors.append((number, field, found.code or found.message, found.params or {}))
            continue
        data = body.model_dump()
        row_errors: list[tuple[str, str, dict[str, Any]]] = []
        if error := tax_code_error(data["tax_code"], data["kind"]):
            row_errors.append(("tax_code", *error))
        elif data["tax_code"] in first_row:
            row_errors.append(
                (
                    "tax_code",
                    "registry.import_duplicate_row",
                    {"row": first_row[data["tax_code"]]},
                )
            )
        else:
            first_row[data["tax_code"]] = number
        data["sector_section"] = None
        if data["sector_code"]:
            data["sector_section"] = sector_section(data["sector_code"], sectors)
            if data["sector_section"] is None:
                row_errors.append(
                    ("sector_code", "registry.unknown_sector", {"code": data["sector_code"]})
                )
        if problem := admin_unit_error(
            data["admin_unit_code"], data["established_on"], admin_units
        ):
            row_errors.append(("admin_unit_code", *problem))
        if data["craft_village_id"]:
            village_ids.add(data["craft_village_id"])
        errors.extend((number, f, m, p) for f, m, p in row_errors)
        if not row_errors:
            records.append((number, data))

    taken = await repository.existing_tax_codes(session, first_row)
    known_villages = await villages.existing_ids(session, village_ids)
    for number, data in records:
        if data["tax_code"] in taken:
            errors.append(
                (
                    number,
                    "tax_code",
                    "registry.duplicate_tax_code",
                    {"tax_code": data["tax_code"]},
                )
            )
        if data["craft_village_id"] and data["craft_village_id"] not in known_villages:
            errors.append((number, "craft_village_id", "registry.unknown_craft_village", {}))
    if errors:
        errors.sort(key=lambda e: e[0] or 0)
        raise _import_failed(errors)
    if not records:
        raise _import_failed([(None, "file", "registry.import_no_rows", {})])

    now = utcnow()
    await repository.bulk_insert(
        session,
        [
            {
                **data,
                "id": new_id(),
                "search_text": search_text(data["name"]),
                "created_at": now,
                "updated_at": now,
            }
            for _, data in records
        ],
    )
    return len(records)


ImportError_ = tuple[int | None, str, str, dict[str, Any]]
"""(row or None for the file, field, message key, params) of one import problem."""


def _field_error(field: str, key: str, params: dict[str, Any] | None = None) -> FieldError:
    return FieldError(field=field, message=key, code=key, params=params or None)


def _import_failed(errors: list[ImportError_]) -> Unprocessable:
    bad_rows = len({row for row, *_ in errors if row is not None})
    params: dict[str, Any]
    if bad_rows:
        message, params = "registry.import_failed", {"problems": len(errors), "rows": bad_rows}
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
