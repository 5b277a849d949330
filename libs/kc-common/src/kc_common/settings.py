"""Settings every service shares; each service subclasses with its own env prefix."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

REVOCATIONS_PATH = "/api/v1/auth/revocations"

Environment = Literal["development", "test", "demo", "production"]


class ServiceSettings(BaseSettings):
    """Base settings. A subclass sets `model_config = service_config("REGISTRY_")`."""

    model_config = SettingsConfigDict(extra="ignore")

    environment: Environment = "development"
    database_url: str = "sqlite+aiosqlite:///./var/service.db"
    db_pool_size: int = 10
    # connections beyond db_pool_size under a burst, closed again when given back (unset: as
    # many again; see kc_common.db.create_engine)
    db_pool_overflow: int | None = Field(None, ge=0)
    # Ping pooled connections at checkout (see kc_common.db.create_engine): on asyncpg three
    # round trips (BEGIN, `;`, ROLLBACK) before every request's first statement. Off, a pooled
    # connection is checked for a closed socket instead, which a restarted or vanished server
    # leaves behind (a silent network partition is not noticed until a statement fails).
    db_pool_pre_ping: bool = False
    db_echo: bool = False
    # DATABASE_URL points at a pooler in transaction mode (PgBouncer): no prepared statement may
    # outlive its transaction (see kc_common.db.create_engine).
    db_transaction_pooler: bool = False
    # A read replica (a hot standby; CloudNativePG's `-ro` service) for the reads that may be a
    # few seconds behind: a service routes only those through it (kc_common.db.ReadSessionDep).
    # Unset: they read the primary like everything else.
    read_database_url: str | None = None
    log_level: str = "INFO"
    log_json: bool = True
    # Collect, then freeze what is alive after startup out of the collector's way (see
    # kc_common.app). A full collection of a big test process's heap costs ~50 ms, which every
    # app started for every test paid: the tests' shared settings turn it off.
    gc_freeze: bool = True

    # Request bodies (kc_common.edge.BodySizeLimit): JSON, form and any other body up to
    # max_json_bytes; multipart/form-data (file uploads) up to max_upload_bytes plus framing.
    max_json_bytes: int = Field(1024 * 1024, ge=1024)
    max_upload_bytes: int = Field(20 * 1024 * 1024, ge=1024)
    # Strict-Transport-Security max-age; 0 sends none. Turn on only where TLS ends in front.
    hsts_max_age: int = Field(0, ge=0)

    # Token verification: a PEM public key (inline or file) or a JWKS URL published by the gateway.
    jwt_public_key: str | None = None
    jwt_public_key_file: Path | None = None
    jwks_url: str | None = None
    jwt_algorithms: list[str] = ["EdDSA"]
    jwt_audience: str = "khuyencong"
    jwt_issuer: str = "khuyencong-gateway"
    # The gateway's list of revoked token versions; by default next to the JWKS URL.
    revocations_url: str | None = None
    revocations_poll_seconds: float = 2.0

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> ServiceSettings:
        if self.environment == "production":
            if self.database_url.startswith("sqlite"):
                raise ValueError("production refuses SQLite: set a postgresql+asyncpg URL")
            if not (self.jwt_public_key or self.jwt_public_key_file or self.jwks_url):
                raise ValueError("production needs jwt_public_key(_file) or jwks_url")
        if "none" in {a.lower() for a in self.jwt_algorithms} or any(
            a.upper().startswith("HS") for a in self.jwt_algorithms
        ):
            raise ValueError("only asymmetric JWT algorithms are accepted")
        return self

    def revocations_endpoint(self) -> str | None:
        """Where this process reads revoked token versions: the setting, or the gateway that
        publishes the JWKS. None: the process has no gateway to ask (unit tests)."""
        if self.revocations_url:
            return self.revocations_url
        if self.jwks_url:
            origin = self.jwks_url.split("/.well-known/", 1)[0].rstrip("/")
            return f"{origin}{REVOCATIONS_PATH}"
        return None

    def public_key_pem(self) -> str | None:
        if self.jwt_public_key:
            return self.jwt_public_key
        if self.jwt_public_key_file:
            return self.jwt_public_key_file.read_text()
        return None


def service_config(prefix: str) -> SettingsConfigDict:
    return SettingsConfigDict(env_prefix=prefix, extra="ignore", env_file=None)
