from __future__ import annotations

import uuid

from fastapi import APIRouter, Request, status

from gateway.clients import repository, service
from gateway.clients.schemas import ClientCreate, ClientCreated, ClientOut, ClientUpdate
from gateway.roles import ADMIN_ONLY
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(tags=["clients"], dependencies=ADMIN_ONLY)


@router.get(
    "/integration-clients",
    response_model=Page[ClientOut],
    responses=problem_responses(401, 403, 422),
    summary="List OAuth2 clients (client-credentials grant)",
)
async def list_clients(session: SessionDep, page: PageDep) -> Page[ClientOut]:
    return (await repository.page(session, page)).map(ClientOut.model_validate)


@router.post(
    "/integration-clients",
    response_model=ClientCreated,
    status_code=status.HTTP_201_CREATED,
    responses=problem_responses(401, 403, 409, 422),
    summary="Register an OAuth2 client; the secret is returned once",
    description="409 `clients.service_client` for the `service` role: a service's own identity "
    "is configured by operations (GATEWAY_BOOTSTRAP_CLIENTS), never through the API.",
)
async def create_client(request: Request, session: SessionDep, body: ClientCreate) -> ClientCreated:
    client, secret = await service.create(session, request.app.state.passwords, body)
    out = ClientOut.model_validate(client)
    return ClientCreated(**out.model_dump(), client_secret=secret)


@router.get(
    "/integration-clients/{client_uuid}",
    response_model=ClientOut,
    responses=problem_responses(401, 403, 404, 422),
    summary="Get an OAuth2 client",
)
async def get_client(session: SessionDep, client_uuid: uuid.UUID) -> ClientOut:
    return ClientOut.model_validate(await service.get(session, client_uuid))


@router.patch(
    "/integration-clients/{client_uuid}",
    response_model=ClientCreated | ClientOut,
    responses=problem_responses(401, 403, 404, 409, 422),
    summary="Change an OAuth2 client's scopes, name or activity, or rotate its secret",
)
async def update_client(
    request: Request, session: SessionDep, client_uuid: uuid.UUID, body: ClientUpdate
) -> ClientCreated | ClientOut:
    client, secret = await service.update(session, request.app.state.passwords, client_uuid, body)
    out = ClientOut.model_validate(client)
    return ClientCreated(**out.model_dump(), client_secret=secret) if secret else out
