"""`?page=&page_size=` (max 200) → `{"items", "total", "page", "page_size"}`."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

T = TypeVar("T")
U = TypeVar("U")
MAX_PAGE_SIZE = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    total: int
    page: int
    page_size: int

    def map(self, convert: Callable[[T], U]) -> Page[U]:
        """The same page with each item converted (rows to response models)."""
        return Page[U].model_construct(
            items=[convert(i) for i in self.items],
            total=self.total,
            page=self.page,
            page_size=self.page_size,
        )


@dataclass(frozen=True)
class PageParams:
    page: int
    page_size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size


async def _page_params(
    page: Annotated[int, Query(ge=1, le=1_000_000)] = 1,
    page_size: Annotated[int, Query(ge=1, le=MAX_PAGE_SIZE)] = 50,
) -> PageParams:
    return PageParams(page=page, page_size=page_size)


PageDep = Annotated[PageParams, Depends(_page_params)]


async def paginate(
    session: AsyncSession, stmt: Select[Any], params: PageParams, *, scalars: bool = False
) -> Page[Any]:
    """One page of `stmt` (which orders its rows) and the count of all the rows it selects: the
    rows as they come (`scalars`: the first column, e.g. ORM objects). `.map` them to the
    response model."""
    total = await session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    result = await session.execute(stmt.offset(params.offset).limit(params.page_size))
    items = list(result.scalars() if scalars else result.all())
    return Page[Any].model_construct(
        items=items, total=int(total or 0), page=params.page, page_size=params.page_size
    )


def page_of(items: Sequence[T], params: PageParams) -> Page[T]:
    """One page of a list already in memory (a year's allocation lines, the implementing units
    named so far: a few dozen rows worked out in Python)."""
    chosen = list(items[params.offset : params.offset + params.page_size])
    return Page[Any].model_construct(
        items=chosen, total=len(items), page=params.page, page_size=params.page_size
    )


def empty_page(params: PageParams) -> Page[Any]:
    """The page of a list the caller may not see anything of (an enterprise user's scope)."""
    return Page[Any].model_construct(
        items=[], total=0, page=params.page, page_size=params.page_size
    )


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
