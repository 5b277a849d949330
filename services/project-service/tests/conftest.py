"""project-service tests: the real budget-service and registry run in-process (their own apps, their
own freshly migrated databases), reached through httpx.ASGITransport — real code, no mocks."""

from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi import FastAPI

from budget.app import create_app as create_budget_app
from budget.models import Base as BudgetBase
from budget.settings import BudgetSettings
from kc_common.auth import TokenSigner
from kc_common.testing import (
    HostRouter,
    SignerTokens,
    asgi_client,
    migrated_database,
    running_app,
    settings_for_tests,
)
from projects.app import create_app
from projects.models import Base
from projects.settings import ProjectsSettings
from projects.upstream import SERVICE_SCOPES
from registry.app import create_app as create_registry_app
from registry.models import Base as RegistryBase
from registry.settings import RegistrySettings
from tests import factories

ROOT = Path(__file__).resolve().parents[3]
ALEMBIC_INI = Path(__file__).resolve().parents[1] / "alembic.ini"
BUDGET_INI = ROOT / "services/budget-service/alembic.ini"
REGISTRY_INI = ROOT / "services/enterprise-registry/alembic.ini"
BUDGET_URL = "http://budget.internal"
REGISTRY_URL = "http://registry.internal"
DOWN_URL = "http://127.0.0.1:9"  # nothing listens there: connection refused


@pytest.fixture(scope="session")
def database_url() -> Iterator[str]:
    yield from migrated_database("projects", ALEMBIC_INI)


@pytest.fixture(scope="session")
def budget_database_url() -> Iterator[str]:
    yield from migrated_database("projects_budget", BUDGET_INI)


@pytest.fixture(scope="session")
def registry_database_url() -> Iterator[str]:
    yield from migrated_database("projects_registry", REGISTRY_INI)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "program(cap=70, years=(2016, 2020)): the program budget has for the test; "
        "program(None): none at all",
    )


@pytest.fixture
async def budget_app(
    budget_database_url: str,
    signer: TokenSigner,
    auth: Callable[..., dict[str, str]],
    request: pytest.FixtureRequest,
) -> AsyncIterator[FastAPI]:
    """Budget with the program that covers the factories' years, as in a real deployment (a
    project is only created for a covered year); `@pytest.mark.program(...)` changes it."""
    settings = BudgetSettings(**settings_for_tests(budget_database_url, signer))
    marker = request.node.get_closest_marker("program")
    wanted: dict[str, Any] | None = {}
    if marker is not None:
        wanted = None if marker.args and marker.args[0] is None else dict(marker.kwargs)
    async with running_app(create_budget_app(settings), BudgetBase.metadata) as app:
        if wanted is not None:
            start, end = wanted.pop("years", (2016, 2020))
            async for c in asgi_client(app):
                await factories.program(c, auth, start=start, end=end, **wanted)
        yield app


@pytest.fixture
async def registry_app(registry_database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    settings = RegistrySettings(**settings_for_tests(registry_database_url, signer))
    async with running_app(create_registry_app(settings), RegistryBase.metadata) as app:
        yield app


@pytest.fixture
def make_app(
    database_url: str,
    signer: TokenSigner,
    budget_app: FastAPI,
    registry_app: FastAPI,
    tmp_path: Path,
) -> Callable[..., FastAPI]:
    def make(**overrides: Any) -> FastAPI:
        upstreams = {
            "budget_url": BUDGET_URL,
            "registry_url": REGISTRY_URL,
            "storage_dir": tmp_path / "documents",  # uploads land in the test's own folder
            **overrides,
        }
        values = settings_for_tests(database_url, signer, **upstreams)
        settings = ProjectsSettings(**values)
        router = HostRouter(
            {
                "budget.internal": httpx.ASGITransport(app=budget_app),
                "registry.internal": httpx.ASGITransport(app=registry_app),
            }
        )
        return create_app(
            settings,
            token_provider=SignerTokens(signer, "client:project-service", SERVICE_SCOPES),
            http_transport=router,
        )

    return make


@pytest.fixture
async def app(make_app: Callable[..., FastAPI]) -> AsyncIterator[FastAPI]:
    async with running_app(make_app(), Base.metadata) as app:
        yield app


@pytest.fixture
async def client(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(app):
        yield c


@pytest.fixture
async def budget(budget_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(budget_app):
        yield c


@pytest.fixture
async def registry(registry_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(registry_app):
        yield c
