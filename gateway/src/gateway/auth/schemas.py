from __future__ import annotations

from pydantic import BaseModel, Field

from kc_common.schemas import InputModel


class TokenOut(BaseModel):
    access_token: str
    token_type: str = "bearer"
    expires_in: int = Field(description="seconds until the access token expires")
    refresh_token: str | None = Field(None, description="password and refresh grants only")
    scope: str | None = Field(None, description="granted scopes (client credentials)")


class RefreshIn(InputModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class LogoutIn(InputModel):
    refresh_token: str = Field(min_length=1, max_length=200)


class MeOut(BaseModel):
    id: str
    username: str
    full_name: str
    role: str
    enterprise_id: str | None
    scopes: list[str] = Field(default_factory=list, description="client tokens only")


class Jwk(BaseModel):
    kty: str
    crv: str | None = None
    x: str | None = None
    kid: str
    alg: str
    use: str


class Jwks(BaseModel):
    keys: list[Jwk]


class Revocations(BaseModel):
    subjects: dict[str, int] = Field(
        description="subject digest → current token version; older tokens are revoked"
    )
    sessions: list[str] = Field(
        default_factory=list,
        description="digests of ended sign-in sessions (a token's `sid`): their tokens are "
        "revoked; listed until their last access token has expired",
    )
