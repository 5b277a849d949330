"""Rules for typical products.

A product passes with an average score ≥ 70 (`recognized`, computed). Its certificate runs to
31 December of the third year after the year of recognition: recognised in 2022 → valid until
2025-12-31. (The rule says "the certificate runs to 31 December of the third year"; we count
the three years after the recognition year. A different certificate date may be given.)
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import date
from typing import Any

from sqlalchemy import Select, false
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import Principal
from kc_common.errors import NotFound, Unprocessable
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams, empty_page
from kc_common.text import fold, sort_key
from registry.enterprises import repository as enterprises
from registry.enterprises.repository import EnterpriseFilters
from registry.enterprises.service import owner_scope
from registry.typical_products import repository
from registry.typical_products.models import TypicalProduct
from registry.typical_products.repository import ProductFilters
from registry.typical_products.schemas import (
    PASS_SCORE,
    REQUIRED_FIELDS,
    TypicalProductCreate,
    TypicalProductUpdate,
)

CERTIFICATE_YEARS = 3


def default_valid_until(recognized_year: int, score: float) -> date | None:
    if score < PASS_SCORE:
        return None
    return date(recognized_year + CERTIFICATE_YEARS, 12, 31)


def _own(principal: Principal, filters: ProductFilters) -> ProductFilters | None:
    """The filters narrowed to an enterprise user's own products; None: nothing to show."""
    scope = owner_scope(principal, EnterpriseFilters(only_id=filters.enterprise_id))
    if scope.nothing or (filters.enterprise_id and scope.only_id != filters.enterprise_id):
        return None
    return replace(filters, enterprise_id=scope.only_id)


async def page(
    session: AsyncSession, principal: Principal, filters: ProductFilters, params: PageParams
) -> Page[TypicalProduct]:
    own = _own(principal, filters)
    if own is None:
        return empty_page(params)
    return await repository.page(session, own, params)


def export_query(principal: Principal, filters: ProductFilters) -> Select[Any]:
    """What `page` would list, every page of it; an enterprise user's own products only."""
    own = _own(principal, filters)
    if own is None:
        return repository.export_query(filters).where(false())
    return repository.export_query(own)


async def get(session: AsyncSession, principal: Principal, product_id: uuid.UUID) -> TypicalProduct:
    product = await repository.get(session, product_id)
    if product is None or (
        principal.is_enterprise and str(product.enterprise_id) != principal.enterprise_id
    ):
        raise NotFound(code="registry.typical_product_not_found")
    return product


async def create(session: AsyncSession, body: TypicalProductCreate) -> TypicalProduct:
    data = body.model_dump()
    await _check(session, data, check_enterprise=True)
    if data["valid_until"] is None:
        data["valid_until"] = default_valid_until(data["recognized_year"], data["score"])
    product = TypicalProduct(
        **data, search_text=fold(data["name"])[:300], name_key=sort_key(data["name"])
    )
    await repository.add(session, product)
    return product


async def update(
    session: AsyncSession, principal: Principal, product_id: uuid.UUID, body: TypicalProductUpdate
) -> TypicalProduct:
    product = await get(session, principal, product_id)
    sent = body.model_dump(exclude_unset=True)
    nulls = [f for f in REQUIRED_FIELDS if f in sent and sent[f] is None]
    if nulls:
        raise Unprocessable.for_field(nulls[0], "validation.not_null")
    merged = {c: getattr(product, c) for c in TypicalProductCreate.model_fields}
    merged.update(sent)
    if "valid_until" not in sent and ("recognized_year" in sent or "score" in sent):
        merged["valid_until"] = default_valid_until(merged["recognized_year"], merged["score"])
        sent["valid_until"] = merged["valid_until"]
    await _check(session, merged, check_enterprise="enterprise_id" in sent)
    for key, value in sent.items():
        setattr(product, key, value)
    product.search_text = fold(product.name)[:300]
    product.name_key = sort_key(product.name)
    product.updated_at = utcnow()
    await session.flush()
    return product


async def _check(session: AsyncSession, data: dict[str, Any], *, check_enterprise: bool) -> None:
    if data["recognized_year"] > utcnow().year:
        raise Unprocessable.for_field("recognized_year", "validation.not_future")
    until = data.get("valid_until")
    if until is not None and until.year < data["recognized_year"]:
        raise Unprocessable.for_field("valid_until", "registry.certificate_before_recognition")
    if check_enterprise and await enterprises.get(session, data["enterprise_id"]) is None:
        raise Unprocessable.for_field(
            "enterprise_id", "registry.unknown_enterprise", code="registry.unknown_enterprise"
        )
