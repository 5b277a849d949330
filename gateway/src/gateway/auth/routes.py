from __future__ import annotations

import base64
import binascii
from typing import Annotated, Any, Literal
from urllib.parse import unquote

from fastapi import APIRouter, Form, Request, Response, status
from fastapi.responses import JSONResponse

from gateway.auth import revocations as revocation_list
from gateway.auth import service
from gateway.auth.schemas import Jwks, LogoutIn, MeOut, RefreshIn, Revocations, TokenOut
from gateway.auth.service import AuthContext, AuthFailure
from gateway.net import client_ip
from gateway.roles import Signed
from kc_common import messages
from kc_common.db import SessionDep
from kc_common.errors import ProblemError, Unprocessable, problem_responses, render_problem
from kc_common.schemas import text_problem

router = APIRouter(tags=["auth"])
jwks_router = APIRouter(tags=["auth"])

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _context(request: Request) -> AuthContext:
    state = request.app.state
    return AuthContext(
        settings=state.settings,
        passwords=state.passwords,
        signer=state.keyring.current_signer(),
        ip=client_ip(request.scope, state.settings.trusted_proxies),
        request_id=getattr(request.state, "request_id", None),
    )


def _render(request: Request, result: TokenOut | AuthFailure) -> Any:
    if isinstance(result, AuthFailure):
        problem = ProblemError(
            status=result.status,
            code=result.code,
            message=result.message,
            params=result.params or None,
            headers={**NO_STORE, **result.headers},
            # RFC 6749 allows only ASCII here: the OAuth2 description stays English.
            extra={
                "error": result.error,
                "error_description": messages.render(result.message, "en", result.params),
            },
        )
        return render_problem(problem, request)
    return JSONResponse(result.model_dump(exclude_none=True), headers=NO_STORE)


def _basic_credentials(request: Request) -> tuple[str, str] | None:
    header = request.headers.get("authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "basic" or not value:
        return None
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        raise Unprocessable.for_field("authorization", "auth.malformed_basic") from None
    client_id, sep, secret = decoded.partition(":")
    if not sep:
        raise Unprocessable.for_field("authorization", "auth.malformed_basic")
    client_id, secret = unquote(client_id), unquote(secret)
    _refuse_control_text({"authorization": client_id + secret})
    return client_id, secret


def _refuse_control_text(fields: dict[str, str | None]) -> None:
    """The form fields follow the text rule JSON bodies do (kc_common.schemas): a NUL would reach
    the database in a lookup (PostgreSQL cannot compare it) and any control character the audit
    log, so they are a 422 naming the field before anything is read or recorded."""
    for name, value in fields.items():
        problem = text_problem(value) if value else None
        if problem is not None:
            key, params = problem
            raise Unprocessable.for_field(name, key, code=key, params=params)


def _required(name: str, value: str | None) -> str:
    if not value:
        raise Unprocessable.for_field(name, "auth.grant_field_required", params={"field": name})
    return value


@router.post(
    "/auth/token",
    response_model=TokenOut,
    response_model_exclude_none=True,
    responses=problem_responses(400, 401, 422, 423, 429),
    summary="OAuth2 token endpoint: password, client_credentials and refresh_token grants",
    description=(
        "Errors carry the OAuth2 `error` (invalid_grant, invalid_client, invalid_scope) next to "
        "the problem `code`. Logins are rate limited per address and username, failed ones "
        "also per address whatever the name, and a burst from one address is refused before "
        "its password checks (429 `auth.rate_limited` with Retry-After); five failures to one "
        "account from one address lock that address out of it for 15 minutes (423)."
    ),
)
async def issue_token(
    request: Request,
    session: SessionDep,
    # The contract's password form (docs/api.md §Auth and users) names only username and
    # password, so the grant defaults to it
    # (as FastAPI's OAuth2PasswordRequestForm does); clients of the other grants name theirs.
    grant_type: Annotated[
        Literal["password", "client_credentials", "refresh_token"], Form()
    ] = "password",
    username: Annotated[str | None, Form(max_length=64)] = None,
    password: Annotated[str | None, Form(max_length=256)] = None,
    client_id: Annotated[str | None, Form(max_length=100)] = None,
    client_secret: Annotated[str | None, Form(max_length=256)] = None,
    scope: Annotated[str | None, Form(max_length=500)] = None,
    refresh_token: Annotated[str | None, Form(max_length=200)] = None,
) -> Any:
    _refuse_control_text(
        {
            "username": username,
            "password": password,
            "client_id": client_id,
            "client_secret": client_secret,
            "scope": scope,
            "refresh_token": refresh_token,
        }
    )
    ctx = _context(request)
    result: TokenOut | AuthFailure
    if grant_type == "password":
        result = await service.password_grant(
            session, ctx, _required("username", username), _required("password", password)
        )
    elif grant_type == "refresh_token":
        result = await service.refresh_grant(
            session, ctx, _required("refresh_token", refresh_token)
        )
    else:
        basic = _basic_credentials(request)
        if basic:
            cid, secret = basic
        else:
            cid, secret = (
                _required("client_id", client_id),
                _required("client_secret", client_secret),
            )
        result = await service.client_credentials_grant(
            session, ctx, cid, secret, scope, via_basic=basic is not None
        )
    return _render(request, result)


@router.post(
    "/auth/refresh",
    response_model=TokenOut,
    response_model_exclude_none=True,
    responses=problem_responses(400, 422),
    summary="Exchange a refresh token for new tokens (the old refresh token is revoked)",
)
async def refresh(request: Request, session: SessionDep, body: RefreshIn) -> Any:
    return _render(
        request, await service.refresh_grant(session, _context(request), body.refresh_token)
    )


@router.post(
    "/auth/logout",
    status_code=status.HTTP_204_NO_CONTENT,
    responses=problem_responses(422),
    summary="End a session: revokes the refresh token and its rotations",
)
async def logout(request: Request, session: SessionDep, body: LogoutIn) -> Response:
    await service.logout(session, _context(request), body.refresh_token)
    return Response(status_code=status.HTTP_204_NO_CONTENT)


@router.get(
    "/auth/me",
    response_model=MeOut,
    responses=problem_responses(401),
    summary="Who the bearer token belongs to",
)
async def me(
    session: SessionDep,
    principal: Signed,
) -> MeOut:
    return await service.me(session, principal)


@jwks_router.get(
    "/.well-known/jwks.json",
    response_model=Jwks,
    summary="Public keys that verify the gateway's access tokens",
)
async def jwks(request: Request, response: Response) -> Jwks:
    # Short: after a rotation, clients that cache this must see the new key soon.
    response.headers["Cache-Control"] = "public, max-age=60"
    return Jwks.model_validate({"keys": request.app.state.keyring.jwks()})


@router.get(
    "/auth/revocations",
    response_model=Revocations,
    responses={304: {"description": "unchanged since the ETag sent in If-None-Match"}},
    summary="Current token versions of subjects whose access changed (for the services)",
)
async def revocations(request: Request, session: SessionDep) -> Response:
    """Each key of `subjects` is a digest of a token subject (`sub`); a token whose `ver` is
    lower than the value is revoked. `sessions` lists digests of ended sign-in sessions (`sid`):
    their tokens are revoked. No bearer token is needed: the services read this to refuse
    revoked tokens, and the list names no user."""
    ttl = request.app.state.settings.access_token_ttl_seconds
    now = await revocation_list.published(session, ttl)
    headers = {"ETag": now.etag, "Cache-Control": "no-cache"}
    if request.headers.get("if-none-match") == now.etag:
        return Response(status_code=304, headers=headers)
    body = Revocations(subjects=now.versions, sessions=now.sessions).model_dump()
    return JSONResponse(body, headers=headers)
