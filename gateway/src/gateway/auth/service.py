"""Authentication rules: OAuth2 password, client-credentials and refresh grants; refresh-token
rotation with reuse detection; a sliding-window login rate limit and an account lockout, both
kept in the database so that every replica agrees.

Failed attempts are facts that must be stored even though the request fails, so these functions
return an `AuthFailure` instead of raising: the route renders it, and the request's transaction
still commits the attempt, the failure count and the audit row.
"""

from __future__ import annotations

import hashlib
import math
import secrets
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, TypedDict

from sqlalchemy.ext.asyncio import AsyncSession

from gateway.audit import service as audit
from gateway.auth import repository
from gateway.auth.models import RefreshToken
from gateway.auth.schemas import MeOut, TokenOut
from gateway.clients import repository as clients
from gateway.net import address_group
from gateway.passwords import Passwords, TooManyAtOnce
from gateway.settings import GatewaySettings
from gateway.users import repository as users
from gateway.users.models import User
from kc_common.auth import CLIENT_ROLES, Principal, TokenSigner
from kc_common.db import new_id
from kc_common.errors import Unauthorized
from kc_common.localtime import utcnow


@dataclass(frozen=True)
class AuthContext:
    """What one authentication request brings along."""

    settings: GatewaySettings
    passwords: Passwords
    signer: TokenSigner
    ip: str | None
    request_id: str | None


@dataclass(frozen=True)
class AuthFailure:
    status: int
    code: str
    error: str  # the OAuth2 error code
    message: str  # the catalogue key of the words (gateway.messages)
    params: dict[str, Any] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)


def _invalid_grant(message: str) -> AuthFailure:
    return AuthFailure(400, "auth.invalid_grant", "invalid_grant", message)


def _locked(seconds: int) -> AuthFailure:
    return AuthFailure(
        423,
        "auth.account_locked",
        "invalid_grant",
        "auth.account_locked",
        {"minutes": math.ceil(seconds / 60)},
        {"Retry-After": str(max(1, seconds))},
    )


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def _slow_down(retry: int) -> AuthFailure:
    return AuthFailure(
        429,
        "auth.rate_limited",
        "slow_down",
        "auth.rate_limited",
        {"retry_after": retry},
        {"Retry-After": str(retry)},
    )


async def _rate_limited(
    session: AsyncSession, ctx: AuthContext, limits: Sequence[tuple[str, int]], now: datetime
) -> AuthFailure | None:
    """Sliding windows of `login_rate_window_seconds`: at most `limit` attempts under each
    `(key, limit)`. Reads only; the caller records its attempt."""
    window = timedelta(seconds=ctx.settings.login_rate_window_seconds)
    for key, limit in limits:
        count, oldest = await repository.attempts_since(session, key, now - window)
        if count >= limit:
            return _slow_down(max(1, math.ceil(((oldest or now) + window - now).total_seconds())))
    return None


async def _before_the_hash(session: AsyncSession) -> None:
    """End the request's transaction (its reads and the attempt) before a password hash: a
    hash takes tens of milliseconds, and on SQLite a transaction holds the database's one
    write lock from its first statement (BEGIN IMMEDIATE), so every other login and every
    other write would wait for the hash (a burst of logins answered 500 'database is
    locked'). What follows the hash is written in a transaction of its own."""
    await session.commit()


def _failed_from(ctx: AuthContext) -> str:
    """Failed logins from the caller's address (an IPv6 /64) whatever the name tried."""
    return f"failed-from|{address_group(ctx.ip)}"


def _limits(ctx: AuthContext, attempt: str) -> list[tuple[str, int]]:
    """An attempt's windows: its own key (address and name) and its address's failures."""
    settings = ctx.settings
    return [
        (attempt, settings.login_rate_limit),
        (_failed_from(ctx), settings.login_address_failure_limit),
    ]


def _access_token(ctx: AuthContext, user: User, session_id: uuid.UUID) -> str:
    """`session_id`: the sign-in session (refresh-token family); ending it revokes the token
    (revocations.ended_sessions)."""
    return ctx.signer.sign(
        subject=str(user.id),
        role=user.role,
        ttl_seconds=ctx.settings.access_token_ttl_seconds,
        username=user.username,
        enterprise_id=str(user.enterprise_id) if user.enterprise_id else None,
        ver=user.token_version or 0,
        sid=str(session_id),
    )


def _new_refresh_token(
    session: AsyncSession, ctx: AuthContext, user: User, family_id: uuid.UUID, token_id: uuid.UUID
) -> str:
    raw = secrets.token_urlsafe(32)
    now = utcnow()
    repository.add_token(
        session,
        RefreshToken(
            id=token_id,
            family_id=family_id,
            user_id=user.id,
            token_hash=hash_token(raw),
            created_at=now,
            expires_at=now + timedelta(seconds=ctx.settings.refresh_token_ttl_seconds),
        ),
    )
    return raw


def _unknown_user_key(username: str) -> str:
    return f"unknown-user|{username}"


@dataclass(frozen=True)
class _Failed:
    """A failed login: whose, from where, and the failures counted before it."""

    user: User | None
    username: str
    here: str  # `_failures_here_key`
    failures_here: int
    unknown_failures: int  # an unknown name's failures from anywhere
    known: bool = False  # from an address the account signed in from lately (`_known_address`)


async def _failed_login(
    session: AsyncSession, ctx: AuthContext, failed: _Failed, now: datetime
) -> AuthFailure:
    """Count a failure against the address and the account, and lock what reached its
    threshold (`password_grant`)."""
    settings = ctx.settings
    user = failed.user
    repository.add_attempt(session, failed.here, now)
    repository.add_attempt(session, _failed_from(ctx), now)
    if user is not None:
        in_a_row = await users.register_failure(
            session,
            user.id,
            now=now,
            threshold=settings.lockout_account_threshold,
            lock_until=now + timedelta(seconds=settings.lockout_seconds),
        )
    else:
        repository.add_attempt(session, _unknown_user_key(failed.username), now)
        in_a_row = failed.unknown_failures + 1
    who = _user_audit(ctx, user, failed.username)
    # (the failure that locks the account, from the owner's known address: not locked there)
    known = failed.known or (
        user is not None
        and in_a_row >= settings.lockout_account_threshold
        and await _known_address(session, ctx, user, now)
    )
    if in_a_row >= settings.lockout_account_threshold and not known:
        detail = f"{in_a_row} consecutive failed logins: account locked"
    elif failed.failures_here + 1 >= settings.lockout_threshold:
        detail = f"{failed.failures_here + 1} failed logins from this address: it is locked out"
    else:
        audit.record(
            session, audit.LOGIN_FAILED, detail="wrong password" if user else "unknown user", **who
        )
        return _invalid_grant("auth.wrong_password")
    if user is not None:
        audit.record(session, audit.LOCKOUT, detail=detail, **who)
    else:  # no account to lock: logged as the failure it is
        audit.record(session, audit.LOGIN_FAILED, detail="unknown user", **who)
    return _locked(settings.lockout_seconds)


def _failures_here_key(user: User | None, username: str, ip: str | None) -> str:
    """Failed logins to one account (or unknown name) from one address: an IPv6 address by
    its /64, which one host may hold whole."""
    account = str(user.id) if user else f"unknown:{username}"
    return f"failed|{account}|{address_group(ip)}"


async def _known_address(
    session: AsyncSession, ctx: AuthContext, user: User, now: datetime
) -> bool:
    """Whether `user` signed in with their password from this address (an IPv6 /64) within
    `lockout_known_address_days`."""
    days = ctx.settings.lockout_known_address_days
    if not days or not ctx.ip:
        return False
    since = now - timedelta(days=days)
    return await repository.known_since(session, user.id, address_group(ctx.ip), since)


async def _unknown_user_failures(
    session: AsyncSession, ctx: AuthContext, username: str, now: datetime
) -> tuple[int, datetime | None]:
    since = now - timedelta(seconds=ctx.settings.lockout_seconds)
    return await repository.attempts_since(session, _unknown_user_key(username), since)


class Who(TypedDict):
    actor_id: str | None
    username: str | None
    role: str | None
    request_id: str | None
    ip: str | None


def _user_audit(ctx: AuthContext, user: User | None, username: str | None) -> Who:
    return {
        "actor_id": str(user.id) if user else None,
        "username": user.username if user else username,
        "role": user.role if user else None,
        "request_id": ctx.request_id,
        "ip": ctx.ip,
    }


async def password_grant(
    session: AsyncSession, ctx: AuthContext, username: str, password: str
) -> TokenOut | AuthFailure:
    """Two locks, so that an outsider who knows a username cannot lock its owner out from an
    address or two: failures from one address (an IPv6 /64) lock that address out of the
    account (`lockout_threshold` within `lockout_seconds`); only many failures from anywhere
    (`lockout_account_threshold` in a row: ten addresses' worth at the defaults) lock the
    account itself, for every address but those it signed in from lately
    (`lockout_known_address_days`), so that its owner is not shut out. An unknown name fails
    and locks from one address exactly as an account would; its failures from anywhere count
    within `lockout_seconds`, where an account's count in a row until a success."""
    now = utcnow()
    username = username.strip().lower()
    attempt = f"password|{ctx.ip}|{username}"
    limited = await _rate_limited(session, ctx, _limits(ctx, attempt), now)
    if limited:
        audit.record(session, audit.LOGIN_RATE_LIMITED, **_user_audit(ctx, None, username))
        return limited
    user = await users.by_username(session, username)
    window = timedelta(seconds=ctx.settings.lockout_seconds)
    here = _failures_here_key(user, username, ctx.ip)
    failures_here, first_here = await repository.attempts_since(session, here, now - window)
    unknown_failures = 0
    locked_until: datetime | None = None
    account_locked = known = False
    if failures_here >= ctx.settings.lockout_threshold:
        locked_until = (first_here or now) + window
    if user is None:
        unknown_failures, first = await _unknown_user_failures(session, ctx, username, now)
        if unknown_failures >= ctx.settings.lockout_account_threshold:
            locked_until = max(locked_until or now, (first or now) + window)
    elif user.locked_until and user.locked_until > now:
        account_locked = True
        known = await _known_address(session, ctx, user, now)
        if not known:
            locked_until = max(locked_until or now, user.locked_until)
    repository.add_attempt(session, attempt, now)
    if locked_until is not None:
        detail = "account locked" if user else "unknown user"
        audit.record(session, audit.LOGIN_FAILED, detail=detail, **_user_audit(ctx, user, username))
        return _locked(math.ceil((locked_until - now).total_seconds()))
    await _before_the_hash(session)
    try:
        ok = await ctx.passwords.verify(
            user.password_hash if user else None, password, address=address_group(ctx.ip)
        )
    except TooManyAtOnce:
        audit.record(session, audit.LOGIN_RATE_LIMITED, **_user_audit(ctx, None, username))
        return _slow_down(1)
    if user is None or not ok:
        failed = _Failed(user, username, here, failures_here, unknown_failures, known)
        return await _failed_login(session, ctx, failed, now)
    if not user.is_active:
        audit.record(
            session, audit.LOGIN_FAILED, detail="account disabled", **_user_audit(ctx, user, None)
        )
        return _invalid_grant("auth.wrong_password")
    if (user.failed_login_count or user.locked_until) and not account_locked:
        # (through a lock, from a known address: the lock stays for every other address)
        await users.register_success(session, user.id)
    if failures_here:
        await repository.forget_attempts(session, here)
    if ctx.ip:
        await repository.remember_address(session, user.id, address_group(ctx.ip), now)
    if ctx.passwords.needs_rehash(user.password_hash):
        user.password_hash = await ctx.passwords.hash(password)
    family_id = new_id()
    refresh = _new_refresh_token(session, ctx, user, family_id=family_id, token_id=new_id())
    audit.record(session, audit.LOGIN_SUCCEEDED, **_user_audit(ctx, user, None))
    return TokenOut(
        access_token=_access_token(ctx, user, family_id),
        expires_in=ctx.settings.access_token_ttl_seconds,
        refresh_token=refresh,
    )


async def refresh_grant(
    session: AsyncSession, ctx: AuthContext, raw: str
) -> TokenOut | AuthFailure:
    now = utcnow()
    token = await repository.token_by_hash(session, hash_token(raw))
    if token is None:
        audit.record(
            session,
            audit.REFRESH_FAILED,
            detail="unknown refresh token",
            ip=ctx.ip,
            request_id=ctx.request_id,
        )
        return _invalid_grant("auth.unknown_refresh_token")
    user = await users.get(session, token.user_id)
    who = _user_audit(ctx, user, None)
    if token.revoked_at is not None:
        # A rotated-out token came back: someone holds a copy. End the whole session family.
        await repository.revoke_family(session, token.family_id)
        audit.record(session, audit.REFRESH_REUSE, detail="revoked refresh token reused", **who)
        return _invalid_grant("auth.refresh_token_reused")
    if token.expires_at <= now or user is None or not user.is_active:
        await repository.revoke_family(session, token.family_id)
        audit.record(session, audit.REFRESH_FAILED, detail="expired or user disabled", **who)
        return _invalid_grant("auth.refresh_token_expired")
    assert user is not None
    replacement = new_id()
    if not await repository.revoke_if_active(session, token.id, replaced_by=replacement):
        await repository.revoke_family(session, token.family_id)
        audit.record(session, audit.REFRESH_REUSE, detail="concurrent reuse", **who)
        return _invalid_grant("auth.refresh_token_reused")
    refresh = _new_refresh_token(session, ctx, user, token.family_id, replacement)
    audit.record(session, audit.REFRESH, **who)
    return TokenOut(
        access_token=_access_token(ctx, user, token.family_id),
        expires_in=ctx.settings.access_token_ttl_seconds,
        refresh_token=refresh,
    )


async def logout(session: AsyncSession, ctx: AuthContext, raw: str) -> None:
    token = await repository.token_by_hash(session, hash_token(raw))
    if token is None:
        return
    user = await users.get(session, token.user_id)
    await repository.revoke_family(session, token.family_id)
    audit.record(session, audit.LOGOUT, **_user_audit(ctx, user, None))


async def client_credentials_grant(
    session: AsyncSession,
    ctx: AuthContext,
    client_id: str,
    client_secret: str,
    scope: str | None,
    *,
    via_basic: bool,
) -> TokenOut | AuthFailure:
    now = utcnow()
    who: Who = {
        "actor_id": client_id,
        "username": client_id,
        "role": None,
        "ip": ctx.ip,
        "request_id": ctx.request_id,
    }
    attempt = f"client|{ctx.ip}|{client_id}"
    limited = await _rate_limited(session, ctx, _limits(ctx, attempt), now)
    if limited:
        audit.record(session, audit.CLIENT_TOKEN_FAILED, detail="rate limited", **who)
        return limited
    client = await clients.by_client_id(session, client_id)
    repository.add_attempt(session, attempt, now)
    await _before_the_hash(session)
    try:
        ok = await ctx.passwords.verify(
            client.secret_hash if client else None, client_secret, address=address_group(ctx.ip)
        )
    except TooManyAtOnce:
        audit.record(session, audit.CLIENT_TOKEN_FAILED, detail="rate limited", **who)
        return _slow_down(1)
    if client is None or not ok or not client.is_active:
        repository.add_attempt(session, _failed_from(ctx), now)
        audit.record(session, audit.CLIENT_TOKEN_FAILED, detail="bad client credentials", **who)
        return AuthFailure(
            401 if via_basic else 400,
            "auth.invalid_client",
            "invalid_client",
            "auth.invalid_client",
            {},
            {"WWW-Authenticate": 'Basic realm="khuyencong"'} if via_basic else {},
        )
    allowed = set(client.scopes.split())
    requested = set(scope.split()) if scope and scope.strip() else allowed
    if not requested <= allowed:
        audit.record(session, audit.CLIENT_TOKEN_FAILED, detail="scope not allowed", **who)
        return AuthFailure(
            400,
            "auth.invalid_scope",
            "invalid_scope",
            "auth.invalid_scope",
            {"scopes": sorted(requested - allowed)},
        )
    token = ctx.signer.sign(
        subject=client.client_id,
        role=client.role,
        ttl_seconds=ctx.settings.access_token_ttl_seconds,
        username=client.client_id,
        scopes=requested,
        ver=client.token_version or 0,
    )
    audit.record(
        session,
        audit.CLIENT_TOKEN,
        detail=" ".join(sorted(requested)),
        **Who(**{**who, "role": client.role}),
    )
    return TokenOut(
        access_token=token,
        expires_in=ctx.settings.access_token_ttl_seconds,
        scope=" ".join(sorted(requested)),
    )


async def me(session: AsyncSession, principal: Principal) -> MeOut:
    if principal.role in CLIENT_ROLES:
        client = await clients.by_client_id(session, principal.subject)
        return MeOut(
            id=str(client.id) if client else principal.subject,
            username=principal.subject,
            full_name=(client.name if client and client.name else principal.subject),
            role=principal.role,
            enterprise_id=None,
            scopes=sorted(principal.scopes),
        )
    try:
        user_id = uuid.UUID(principal.subject)
    except ValueError:
        raise Unauthorized(message="auth.token_not_user") from None
    user = await users.get(session, user_id)
    if user is None or not user.is_active:
        raise Unauthorized(message="auth.user_inactive")
    return MeOut(
        id=str(user.id),
        username=user.username,
        full_name=user.full_name,
        role=user.role,
        enterprise_id=str(user.enterprise_id) if user.enterprise_id else None,
    )
