"""Bearer JWT verification and role dependencies, shared by every service.

Tokens are issued by the gateway and signed with an asymmetric key (EdDSA by default). Services
verify them again (defence in depth): pinned algorithms, audience, issuer, expiry. Keys come from
settings (PEM) or from the gateway's JWKS URL.

Revocation: every token carries its subject's token version (`ver`). The gateway raises a
subject's version when their access changes (deactivated, new role or enterprise, new password)
and publishes the current versions; every process keeps a copy (`Revocations`, refreshed every
couple of seconds by `RevocationFeed`) and refuses older tokens with 401 `auth.token_revoked`.
A user's access token also names its sign-in session (`sid`); a session ended by logout (or by a
refresh token replayed) is published too, until its last access token has expired, so logging
out ends the access token as well. Checking costs a dict lookup per request (and a set lookup
while a session is ended); see bench/revocation.py.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import httpx
import jwt
from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kc_common.errors import Forbidden, Unauthorized
from kc_common.labels import ROLE
from kc_common.tasks import Periodic

# Roles of docs/api.md §Auth and users. `service` is a process acting for itself (client
# credentials).
ADMIN = "admin"
PROGRAM_MANAGER = "program_manager"
PROGRAM_OFFICER = "program_officer"
FINANCE_OFFICER = "finance_officer"
ENTERPRISE = "enterprise"
VIEWER = "viewer"
INTEGRATION = "integration"
SERVICE = "service"

USER_ROLES = (ADMIN, PROGRAM_MANAGER, PROGRAM_OFFICER, FINANCE_OFFICER, ENTERPRISE, VIEWER)
STAFF_ROLES = (ADMIN, PROGRAM_MANAGER, PROGRAM_OFFICER, FINANCE_OFFICER)
CLIENT_ROLES = (INTEGRATION, SERVICE)  # authorised by scope, not by role

TOKEN_VERSION_CLAIM = "ver"
# An unknown `kid` triggers a JWKS fetch at most this often (a key rotation needs one fetch; a
# flood of made-up kids must not turn into a flood of fetches).
JWKS_REFETCH_SECONDS = 1.0

log = logging.getLogger("kc.auth")


def subject_digest(subject: str) -> str:
    """How the published revocation list names a subject: a digest, so the list is not a
    directory of user ids."""
    return hashlib.sha256(subject.encode()).hexdigest()[:32]


# Claims read as text, when present. Only the issuer's key can sign a token, but a claim of
# another type would reach code that trusts it (an enterprise id compared with a column).
_TEXT_CLAIMS = ("username", "enterprise_id", "scope", "sid")
SESSION_CLAIM = "sid"  # the sign-in session (the gateway's refresh-token family) of a token


def _well_formed(claims: Mapping[str, Any]) -> bool:
    if any(name in claims and not isinstance(claims[name], str) for name in _TEXT_CLAIMS):
        return False
    version = claims.get(TOKEN_VERSION_CLAIM, 0)
    return type(version) is int


def token_version(claims: Mapping[str, Any]) -> int:
    version = claims.get(TOKEN_VERSION_CLAIM, 0)
    return version if isinstance(version, int) else -1  # a malformed version is never current


class Revocations:
    """The current token version of every subject whose access has changed (by digest);
    subjects not listed are at version 0. Tokens with an older version are refused, and so are
    tokens of an ended session (`sessions`: digests of `sid`s)."""

    def __init__(self) -> None:
        self._current: dict[str, int] = {}
        self._ended: frozenset[str] = frozenset()
        self.etag: str | None = None

    def replace(
        self, current: Mapping[str, int], etag: str | None = None, sessions: Iterable[str] = ()
    ) -> None:
        self._current = dict(current)
        self._ended = frozenset(sessions)
        self.etag = etag

    def __len__(self) -> int:
        return len(self._current) + len(self._ended)

    def check(self, claims: Mapping[str, Any]) -> None:
        if self._current:
            current = self._current.get(subject_digest(str(claims.get("sub"))))
            if current is not None and token_version(claims) < current:
                raise Unauthorized(code="auth.token_revoked")
        if self._ended:
            session = claims.get(SESSION_CLAIM)
            if isinstance(session, str) and subject_digest(session) in self._ended:
                raise Unauthorized(code="auth.token_revoked")


class RevocationFeed:
    """Keeps a `Revocations` current by polling the gateway's list every `interval` seconds.
    The list carries an ETag, so an unchanged list costs a 304. If the gateway cannot be reached
    the last list stays in force (and the failure is logged)."""

    def __init__(
        self,
        url: str,
        http: httpx.AsyncClient,
        revocations: Revocations,
        interval: float = 2.0,
    ) -> None:
        self.url, self.http, self.revocations = url, http, revocations
        self._loop = Periodic("revocation-feed", self.refresh, interval)
        self.start, self.stop = self._loop.start, self._loop.stop

    async def refresh(self) -> None:
        headers = {"If-None-Match": self.revocations.etag} if self.revocations.etag else {}
        response = await self.http.get(self.url, headers=headers, timeout=5)
        if response.status_code == 304:
            return
        response.raise_for_status()
        published = response.json()
        subjects = published.get("subjects", {})
        self.revocations.replace(
            {str(k): int(v) for k, v in subjects.items()},
            response.headers.get("etag"),
            sessions=[str(s) for s in published.get("sessions", [])],
        )


@dataclass(frozen=True)
class Principal:
    subject: str
    role: str
    username: str | None = None
    enterprise_id: str | None = None
    scopes: frozenset[str] = field(default_factory=frozenset)
    token: str = ""

    @property
    def is_enterprise(self) -> bool:
        return self.role == ENTERPRISE


class TokenVerifier:
    """Verifies access tokens with a fixed key or keys fetched from a JWKS URL.

    A verified token is remembered by its exact string until its `exp` (at most `cache_size`
    tokens, oldest dropped first), so a client reusing its token costs one dict lookup instead of
    a signature check per request. Only tokens that passed every check are remembered, and never
    past their expiry; `cache_size=0` turns this off. Revocation is checked on every call,
    remembered or not. A remembered token is used only while the key that verified it is still
    the key its `kid` names (a key ring reloaded or a JWKS fetched again makes new key objects:
    the token is verified again, and refused if its key is gone); a JWKS fetch also forgets every
    remembered token. `key_source` (the gateway's own key ring) names the keys by `kid`.
    """

    def __init__(
        self,
        *,
        audience: str,
        issuer: str,
        algorithms: list[str],
        public_key_pem: str | None = None,
        jwks_url: str | None = None,
        http: httpx.AsyncClient | None = None,
        cache_size: int = 1024,
        key_source: Callable[[], Mapping[str, jwt.PyJWK]] | None = None,
        revocations: Revocations | None = None,
    ) -> None:
        self.audience = audience
        self.issuer = issuer
        self.algorithms = algorithms
        self._static_key = (
            jwt.PyJWK.from_dict(_pem_to_jwk(public_key_pem)) if public_key_pem else None
        )
        self._jwks_url = jwks_url
        self._http = http
        self._jwks: dict[str, jwt.PyJWK] = {}
        self._jwks_fetched_at = 0.0
        self._jwks_lock = asyncio.Lock()
        self._key_source = key_source
        self.revocations = revocations or Revocations()
        self._cache_size = cache_size
        # token -> (exp, claims, the key that verified it, the token's kid)
        self._verified: dict[str, tuple[float, dict[str, Any], jwt.PyJWK, str | None]] = {}

    async def verify(self, token: str) -> dict[str, Any]:
        cached = self._verified.get(token)
        if cached is not None:
            expires_at, claims, key, kid = cached
            if time.time() < expires_at and self._known_key(kid) is key:
                self.revocations.check(claims)
                return dict(claims)
            del self._verified[token]  # expired or its key changed: verify it again
        claims, key, kid = await self._verify(token)
        self.revocations.check(claims)
        self._remember(token, claims, key, kid)
        return claims

    def _remember(
        self, token: str, claims: dict[str, Any], key: jwt.PyJWK, kid: str | None
    ) -> None:
        exp = claims.get("exp")
        if self._cache_size <= 0 or not isinstance(exp, int | float):
            return
        while len(self._verified) >= self._cache_size:
            del self._verified[next(iter(self._verified))]  # the oldest entry
        self._verified[token] = (float(exp), dict(claims), key, kid)

    def _known_key(self, kid: str | None) -> jwt.PyJWK | None:
        """The key `kid` names now, without fetching anything (None: not known)."""
        if self._key_source is not None:
            return self._key_source().get(kid or "")
        if self._static_key is not None:
            return self._static_key
        key = self._jwks.get(kid)  # type: ignore[arg-type]
        if key is None and kid is None and len(self._jwks) == 1:
            key = next(iter(self._jwks.values()))
        return key

    async def _verify(self, token: str) -> tuple[dict[str, Any], jwt.PyJWK, str | None]:
        """The token's claims, the key that verified them and the token's `kid`."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise Unauthorized(message="auth.token_malformed") from exc
        if header.get("alg") not in self.algorithms:
            raise Unauthorized(message="auth.token_algorithm")
        kid = header.get("kid")
        key = await self._key_for(kid)
        try:
            claims = jwt.decode(
                token,
                key=key,
                algorithms=self.algorithms,
                audience=self.audience,
                issuer=self.issuer,
                options={"require": ["exp", "iat", "sub", "aud", "iss"]},
                leeway=5,
            )
        except jwt.ExpiredSignatureError as exc:
            raise Unauthorized(code="auth.token_expired") from exc
        except jwt.PyJWTError as exc:
            raise Unauthorized(message="auth.token_invalid", params={"reason": str(exc)}) from exc
        if not _well_formed(claims):
            raise Unauthorized(message="auth.token_malformed")
        return claims, key, kid

    async def _key_for(self, kid: str | None) -> jwt.PyJWK:
        if self._key_source is not None:
            key = self._key_source().get(kid or "")
            if key is not None:
                return key
            raise Unauthorized(message="auth.unknown_key")
        if self._static_key is not None:
            return self._static_key
        if not self._jwks_url:
            raise Unauthorized(message="auth.no_key")
        if kid not in self._jwks:
            # A rotated key: fetch the JWKS again (one fetch at a time, at most once a second).
            async with self._jwks_lock:
                stale = time.monotonic() - self._jwks_fetched_at > JWKS_REFETCH_SECONDS
                if kid not in self._jwks and stale:
                    await self._refresh_jwks()
        if kid in self._jwks:
            return self._jwks[kid]
        if kid is None and len(self._jwks) == 1:
            return next(iter(self._jwks.values()))
        raise Unauthorized(message="auth.unknown_key")

    async def _refresh_jwks(self) -> None:
        self._jwks_fetched_at = time.monotonic()
        client = self._http or httpx.AsyncClient(timeout=5)
        try:
            response = await client.get(self._jwks_url or "")
            response.raise_for_status()
            keys = response.json().get("keys", [])
        except (httpx.HTTPError, ValueError) as exc:
            raise Unauthorized(message="auth.keys_unavailable") from exc
        finally:
            if self._http is None:
                await client.aclose()
        self._jwks = {k.get("kid"): jwt.PyJWK.from_dict(k) for k in keys}
        self._verified.clear()  # tokens of a key that is gone must not outlive it


def _pem_to_jwk(pem: str) -> dict[str, Any]:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
    from cryptography.hazmat.primitives.serialization import load_pem_public_key
    from jwt.algorithms import OKPAlgorithm, RSAAlgorithm

    key = load_pem_public_key(pem.encode())
    if isinstance(key, Ed25519PublicKey):
        return json.loads(OKPAlgorithm.to_jwk(key))
    return {**json.loads(RSAAlgorithm.to_jwk(key)), "alg": "RS256"}  # type: ignore[arg-type]


class TokenSigner:
    """Issues access tokens (the gateway; tests mint with their own key)."""

    def __init__(self, private_key_pem: str, *, kid: str, audience: str, issuer: str) -> None:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
        from cryptography.hazmat.primitives.serialization import load_pem_private_key

        key = load_pem_private_key(private_key_pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the token signing key must be an Ed25519 private key")
        self._key = key
        self.kid = kid
        self.audience = audience
        self.issuer = issuer

    def public_jwk(self) -> dict[str, Any]:
        from jwt.algorithms import OKPAlgorithm

        jwk = json.loads(OKPAlgorithm.to_jwk(self._key.public_key()))
        return {**jwk, "kid": self.kid, "alg": "EdDSA", "use": "sig"}

    def public_key_pem(self) -> str:
        from cryptography.hazmat.primitives import serialization

        return (
            self._key.public_key()
            .public_bytes(
                serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
            )
            .decode()
        )

    def sign(
        self,
        *,
        subject: str,
        role: str,
        ttl_seconds: int = 900,
        username: str | None = None,
        enterprise_id: str | None = None,
        scopes: Iterable[str] = (),
        **extra: Any,
    ) -> str:
        now = int(time.time())
        claims: dict[str, Any] = {
            "sub": subject,
            "role": role,
            "aud": self.audience,
            "iss": self.issuer,
            "iat": now,
            "nbf": now,
            "exp": now + ttl_seconds,
            "jti": uuid.uuid4().hex,
            **extra,
        }
        if username:
            claims["username"] = username
        if enterprise_id:
            claims["enterprise_id"] = enterprise_id
        if scopes:
            claims["scope"] = " ".join(sorted(scopes))
        return jwt.encode(claims, self._key, algorithm="EdDSA", headers={"kid": self.kid})


def generate_ed25519_pem() -> str:
    """A new private key as PKCS#8 PEM (dev/demo key files, tests)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    return (
        Ed25519PrivateKey.generate()
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )


_bearer = HTTPBearer(auto_error=False, description="Access token from POST /api/v1/auth/token")


async def current_principal(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Principal:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise Unauthorized(message="auth.token_required")
    verifier: TokenVerifier = request.app.state.token_verifier
    claims = await verifier.verify(credentials.credentials)
    role = claims.get("role")
    if not isinstance(role, str):
        raise Unauthorized(message="auth.token_no_role")
    principal = Principal(
        subject=str(claims["sub"]),
        role=role,
        username=claims.get("username"),
        enterprise_id=claims.get("enterprise_id"),
        scopes=frozenset(str(claims.get("scope", "")).split()),
        token=credentials.credentials,
    )
    request.state.principal = principal
    return principal


def require(*roles: str, scopes: Iterable[str] = ()) -> Callable[..., Any]:
    """A dependency that admits the given user roles, and clients holding any of `scopes`."""
    allowed_roles = frozenset(roles)
    allowed_scopes = frozenset(scopes)

    async def _check(principal: Annotated[Principal, Depends(current_principal)]) -> Principal:
        if principal.role in allowed_roles:
            return principal
        if principal.role in CLIENT_ROLES and principal.scopes & allowed_scopes:
            return principal
        # the code for clients, the role's name for the people reading the message
        role_label = ROLE.get(principal.role, principal.role)
        raise Forbidden(
            message="auth.role_forbidden", params={"role": principal.role, "role_label": role_label}
        )

    _check.__doc__ = f"roles: {sorted(allowed_roles)}; scopes: {sorted(allowed_scopes)}"
    return _check


def build_verifier(settings: Any, http: httpx.AsyncClient | None = None) -> TokenVerifier:
    """A verifier from ServiceSettings; its `revocations` are kept current by a RevocationFeed
    that the app starts when `settings.revocations_endpoint()` names one."""
    return TokenVerifier(
        audience=settings.jwt_audience,
        issuer=settings.jwt_issuer,
        algorithms=settings.jwt_algorithms,
        public_key_pem=settings.public_key_pem(),
        jwks_url=settings.jwks_url,
        http=http,
    )
