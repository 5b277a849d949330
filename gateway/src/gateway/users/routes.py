from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from gateway.users import repository, service
from gateway.users.schemas import UserCreate, UserOut, UserRole, UserUpdate
from kc_common.auth import ADMIN, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(tags=["users"], dependencies=[Depends(require(ADMIN))])


@router.get(
    "/users",
    response_model=Page[UserOut],
    responses=problem_responses(401, 403, 422),
    summary="List users",
)
async def list_users(
    session: SessionDep,
    page: PageDep,
    role: UserRole | None = None,
    is_active: bool | None = None,
    q: Annotated[str | None, Query(max_length=100, description="username or name")] = None,
) -> Page[UserOut]:
    rows, total = await repository.search(
        session, role=role, is_active=is_active, q=q, offset=page.offset, limit=page.page_size
    )
    return Page[UserOut](
        items=[UserOut.model_validate(u) for u in rows],
        total=total,
        page=page.page,
        page_size=page.page_size,
    )


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
    summary="Create a user",
)
async def create_user(request: Request, session: SessionDep, body: UserCreate) -> UserOut:
    user = await service.create(session, request.app.state.passwords, body)
    return UserOut.model_validate(user)


@router.get(
    "/users/{user_id}",
    response_model=UserOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Get a user",
)
async def get_user(session: SessionDep, user_id: uuid.UUID) -> UserOut:
    return UserOut.model_validate(await service.get(session, user_id))


@router.patch(
    "/users/{user_id}",
    response_model=UserOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Change a user's role, name, enterprise, activity or password",
)
async def update_user(
    request: Request, session: SessionDep, user_id: uuid.UUID, body: UserUpdate
) -> UserOut:
    user = await service.update(session, request.app.state.passwords, user_id, body)
    return UserOut.model_validate(user)
