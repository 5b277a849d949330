"""`?page=&page_size=` (max 200) → `{"items", "total", "page", "page_size"}`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel

T = TypeVar("T")
MAX_PAGE_SIZE = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


def _page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(_page_params)]


def parse_sort(
    sort: str | None, allowed: Mapping[str, Any], default: str
) -> list[tuple[Any, bool]]:
    """`sort=name,-created_at` → [(column, descending)]; unknown keys are a 422 naming `sort`."""
    from kc_common.errors import Unprocessable

    result: list[tuple[Any, bool]] = []
    for part in (sort or default).split(","):
        part = part.strip()
        if not part:
            continue
        desc = part.startswith("-")
        key = part.lstrip("-+")
        if key not in allowed:
            raise Unprocessable.for_field(
                "sort", "pagination.unknown_sort", params={"key": key, "allowed": sorted(allowed)}
            )
        result.append((allowed[key], desc))
    return result
