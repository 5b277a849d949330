"""The gateway's settings (env prefix GATEWAY_)."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    Field,
    IPvAnyNetwork,
    field_validator,
    model_validator,
)
from pydantic_settings import NoDecode

from kc_common.settings import ServiceSettings, service_config

REPO_ROOT = Path(__file__).resolve().parents[3]


class BootstrapClient(BaseModel):
    """An OAuth2 client created (or brought up to date) at startup."""

    client_id: str = Field(min_length=3, max_length=100)
    client_secret: str = Field(min_length=16)
    role: Literal["integration", "service"] = "integration"
    scopes: list[str] = []

    @field_validator("scopes", mode="before")
    @classmethod
    def _split(cls, value: Any) -> Any:
        return value.split() if isinstance(value, str) else value


class GatewaySettings(ServiceSettings):
    model_config = service_config("GATEWAY_")

    database_url: str = "sqlite+aiosqlite:///./var/gateway.db"

    # Token signing (EdDSA). Outside production a key is generated into keys_dir and reused.
    jwt_private_key: str | None = None
    jwt_private_key_file: Path | None = None
    # After a rotation: the key that signed before (private or public PEM), still verified.
    jwt_previous_key_file: Path | None = None
    keys_dir: Path = Path("./var/keys")
    access_token_ttl_seconds: int = Field(900, ge=30, le=3600)
    refresh_token_ttl_seconds: int = Field(14 * 24 * 3600, ge=300)

    # Upstreams (routing by path prefix lives in gateway.proxy.upstreams).
    registry_url: str = "http://127.0.0.1:8001"
    projects_url: str = "http://127.0.0.1:8002"
    budget_url: str = "http://127.0.0.1:8003"
    reports_url: str = "http://127.0.0.1:8004"
    upstream_connect_timeout: float = 3.0
    upstream_read_timeout: float = 30.0
    upstream_write_timeout: float = 30.0
    upstream_pool_timeout: float = 5.0
    upstream_max_connections: int = 256
    upstream_max_keepalive: int = 128
    # "streams": the gateway's lean keep-alive transport (gateway.proxy.transport); "httpcore":
    # httpx's own, limits tuned; "aiohttp": aiohttp's client (gateway.proxy.alternatives).
    upstream_transport: Literal["streams", "httpcore", "aiohttp"] = "streams"
    dashboard_timeout: float = 5.0
    openapi_cache_seconds: float = 30.0
    # Proxies (addresses or CIDRs, JSON list or comma separated) whose X-Forwarded-For is
    # believed: the right-most address in it that is not one of them is the client (gateway.net).
    # Empty: the direct peer is the client, whatever the header says.
    trusted_proxies: Annotated[list[IPvAnyNetwork], NoDecode] = Field(default_factory=list)
    # Replaced by trusted_proxies (it believed the header from anyone); refused if set.
    trust_forwarded_for: bool = False

    # Login protection, enforced through the database so replicas agree.
    login_rate_limit: int = 10
    login_rate_window_seconds: int = 60
    # Failed logins from one address (an IPv6 /64) whatever the name tried, in the same window:
    # trying many names from one address (each name under its own limit) is limited too.
    # Successes do not count, so an office behind one address signs in as usual.
    login_address_failure_limit: int = Field(30, ge=1)
    # Password checks one address may have waiting or running at once in a process (429
    # beyond): a burst from one address is refused before it costs a hash.
    login_concurrency_per_address: int = Field(4, ge=1)
    # Failed logins to one account from one address (an IPv6 /64) that lock that address out
    # of it for lockout_seconds; and failures in a row from anywhere that lock the account
    # itself (high, so that locking an owner out takes many addresses, not one or two).
    lockout_threshold: int = Field(5, ge=1)
    lockout_account_threshold: int = Field(50, ge=1)
    # An address from which the account signed in with its password within this many days is
    # not shut out by the account-wide lock (its own per-address lock still holds): a crowd of
    # addresses cannot lock an official out of their office. 0: the lock is for everyone.
    lockout_known_address_days: int = Field(30, ge=0, le=3650)
    # The public (no login) routes /api/v1/public/*: requests per client address and window,
    # counted in each process's memory (gateway.proxy.ratelimit).
    public_rate_limit: int = Field(120, ge=1)
    public_rate_window_seconds: float = Field(60, gt=0)
    # Their answers kept in each process's memory and served to every caller
    # (gateway.proxy.public_cache): at most this many seconds (and never longer than the
    # service's max-age); 0 turns the cache off. Byte caps per answer and in all.
    public_cache_seconds: float = Field(30, ge=0)
    public_cache_max_entry_bytes: int = Field(4 * 1024 * 1024, ge=0)
    public_cache_max_bytes: int = Field(64 * 1024 * 1024, ge=0)
    lockout_seconds: int = 900

    # argon2id parameters (RFC 9106 second recommendation by default).
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4
    # Hashes running at once in a process (each takes argon2_memory_kib and a core's time;
    # the rest wait their turn without holding a thread).
    argon2_concurrency: int = Field(2, ge=1)

    bootstrap_clients: list[BootstrapClient] = Field(default_factory=list)
    bootstrap_admin_username: str = "admin"
    bootstrap_admin_password: str | None = None

    audit_flush_interval_seconds: float = 0.5

    spa_dir: Path = REPO_ROOT / "frontend" / "dist"

    # Work lists (gateway.tasks): the program calendar, as month-day of the year. A year's plan is
    # due in the year before it; a project's settlement in the year after its fiscal year.
    tasks_plan_due: str = Field("05-20", pattern=r"^\d{2}-\d{2}$")
    tasks_settlement_due: str = Field("01-22", pattern=r"^\d{2}-\d{2}$")
    tasks_progress_day: int = Field(25, ge=1, le=28)
    tasks_appraisal_days: int = Field(15, ge=1, le=365)
    tasks_approval_days: int = Field(15, ge=1, le=365)
    tasks_acceptance_lead_days: int = Field(30, ge=0, le=365)
    # The day deadlines are measured against; unset is the real date. The demo (a 2016–2020
    # program) sets a day inside its story so that some tasks are overdue and some are not.
    tasks_today: dt.date | None = None
    # Notifications (gateway.notifications): how often each active user's list is computed.
    # 0 turns the job off (tests run it by hand).
    notifications_interval_seconds: float = Field(300.0, ge=0)
    # E-mail for new notifications: sent only when smtp_host is set.
    smtp_host: str | None = None
    smtp_port: int = Field(25, ge=1, le=65535)
    smtp_from: str = "khuyencong@localhost"
    smtp_username: str | None = None
    smtp_password: str | None = None
    smtp_starttls: bool = False
    smtp_timeout_seconds: float = 10.0
    # The SPA's address, for links in e-mails.
    public_url: str = "http://127.0.0.1:8000"

    @field_validator("tasks_plan_due", "tasks_settlement_due")
    @classmethod
    def _month_day(cls, value: str) -> str:
        month, day = (int(p) for p in value.split("-"))
        dt.date(2000, month, day)  # ValueError (a 422-style settings error) for 02-30
        return value

    @field_validator("bootstrap_clients", mode="before")
    @classmethod
    def _parse_clients(cls, value: Any) -> Any:
        return json.loads(value) if isinstance(value, str) else value

    @field_validator("trusted_proxies", mode="before")
    @classmethod
    def _parse_proxies(cls, value: Any) -> Any:
        if isinstance(value, str):
            value = value.strip()
            return json.loads(value) if value.startswith("[") else value.replace(",", " ").split()
        return value

    @model_validator(mode="after")
    def _refuse_unsafe_production(self) -> GatewaySettings:  # overrides the base check
        if self.trust_forwarded_for:
            raise ValueError(
                "GATEWAY_TRUST_FORWARDED_FOR is replaced by GATEWAY_TRUSTED_PROXIES: list the "
                "addresses or CIDRs of the proxies in front of the gateway"
            )
        if self.environment == "production":
            if self.database_url.startswith("sqlite"):
                raise ValueError("production refuses SQLite: set a postgresql+asyncpg URL")
            if not (self.jwt_private_key or self.jwt_private_key_file):
                raise ValueError(
                    "production needs GATEWAY_JWT_PRIVATE_KEY or GATEWAY_JWT_PRIVATE_KEY_FILE"
                )
            if self.bootstrap_admin_password and len(self.bootstrap_admin_password) < 12:
                raise ValueError("production needs a bootstrap admin password of 12+ characters")
        if "none" in {a.lower() for a in self.jwt_algorithms} or any(
            a.upper().startswith("HS") for a in self.jwt_algorithms
        ):
            raise ValueError("only asymmetric JWT algorithms are accepted")
        return self
