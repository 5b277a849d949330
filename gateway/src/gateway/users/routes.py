from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, status

from gateway.roles import ADMIN_ONLY
from gateway.users import repository, service
from gateway.users.policy import check_enterprise
from gateway.users.schemas import UserCreate, UserOut, UserRole, UserUpdate
from kc_common.auth import Principal, current_principal
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(tags=["users"], dependencies=ADMIN_ONLY)


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
    users = await repository.search(session, role=role, is_active=is_active, q=q, params=page)
    return users.map(UserOut.model_validate)


@router.post(
    "/users",
    response_model=UserOut,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422, 503),
    summary="Create a user",
)
async def create_user(request: Request, session: SessionDep, body: UserCreate) -> UserOut:
    user = await service.create(
        session, request.app.state.passwords, body, _enterprise_check(request)
    )
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
    responses=problem_responses(401, 403, 404, 409, 422, 503),
    summary="Change a user's role, name, enterprise, activity or password",
    description="A change of role, enterprise, activity or password revokes the user's earlier "
    "tokens (401 `auth.token_revoked` within seconds, everywhere). 409 `users.last_admin`: the "
    "last active admin stays; 409 `users.own_access`: an admin cannot demote or deactivate "
    "themselves.",
)
async def update_user(
    request: Request,
    session: SessionDep,
    user_id: uuid.UUID,
    body: UserUpdate,
    actor: Annotated[Principal, Depends(current_principal)],
) -> UserOut:
    user = await service.update(
        session,
        request.app.state.passwords,
        user_id,
        body,
        actor_id=actor.subject,
        check_enterprise=_enterprise_check(request),
    )
    return UserOut.model_validate(user)


def _enterprise_check(request: Request) -> service.EnterpriseCheck:
    state = request.app.state

    async def check(enterprise_id: uuid.UUID) -> None:
        await check_enterprise(
            state.proxy_http,
            state.settings.registry_url,
            state.keyring.current_signer(),
            enterprise_id,
        )

    return check
