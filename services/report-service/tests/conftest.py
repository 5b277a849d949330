"""report-service tests: the real budget-service, project-service and registry run in-process
(their own apps on their own freshly migrated databases) behind httpx.ASGITransport, so every
figure a report shows was written through the real APIs — no stubs."""

from collections.abc import AsyncIterator, Callable
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
from projects.app import create_app as create_projects_app
from projects.models import Base as ProjectsBase
from projects.settings import ProjectsSettings
from projects.upstream import SERVICE_SCOPES as PROJECTS_SCOPES
from registry.app import create_app as create_registry_app
from registry.models import Base as RegistryBase
from registry.settings import RegistrySettings
from reports.app import create_app
from reports.models import Base
from reports.settings import ReportsSettings
from reports.upstream import SERVICE_SCOPES

ROOT = Path(__file__).resolve().parents[3]
HOSTS = {
    "budget": "budget.internal",
    "projects": "projects.internal",
    "registry": "registry.internal",
}


@pytest.fixture(scope="session")
def database_url():
    yield from migrated_database("reports", ROOT / "services/report-service/alembic.ini")


@pytest.fixture(scope="session")
def budget_database_url():
    yield from migrated_database("reports_budget", ROOT / "services/budget-service/alembic.ini")


@pytest.fixture(scope="session")
def projects_database_url():
    yield from migrated_database("reports_projects", ROOT / "services/project-service/alembic.ini")


@pytest.fixture(scope="session")
def registry_database_url():
    yield from migrated_database(
        "reports_registry", ROOT / "services/enterprise-registry/alembic.ini"
    )


@pytest.fixture
async def budget_app(budget_database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    settings = BudgetSettings(**settings_for_tests(budget_database_url, signer))
    async with running_app(create_budget_app(settings), BudgetBase.metadata) as app:
        yield app


@pytest.fixture
async def registry_app(registry_database_url: str, signer: TokenSigner) -> AsyncIterator[FastAPI]:
    settings = RegistrySettings(**settings_for_tests(registry_database_url, signer))
    async with running_app(create_registry_app(settings), RegistryBase.metadata) as app:
        yield app


@pytest.fixture
async def projects_app(
    projects_database_url: str, signer: TokenSigner, budget_app: FastAPI, registry_app: FastAPI
) -> AsyncIterator[FastAPI]:
    settings = ProjectsSettings(
        **settings_for_tests(
            projects_database_url,
            signer,
            budget_url=f"http://{HOSTS['budget']}",
            registry_url=f"http://{HOSTS['registry']}",
        )
    )
    router = HostRouter(
        {
            HOSTS["budget"]: httpx.ASGITransport(app=budget_app),
            HOSTS["registry"]: httpx.ASGITransport(app=registry_app),
        }
    )
    app = create_projects_app(
        settings,
        token_provider=SignerTokens(signer, "client:project-service", PROJECTS_SCOPES),
        http_transport=router,
    )
    async with running_app(app, ProjectsBase.metadata) as app:
        yield app


@pytest.fixture
def make_app(
    database_url: str,
    signer: TokenSigner,
    budget_app: FastAPI,
    projects_app: FastAPI,
    registry_app: FastAPI,
) -> Callable[..., FastAPI]:
    def make(**overrides: Any) -> FastAPI:
        upstreams = {f"{name}_url": f"http://{host}" for name, host in HOSTS.items()}
        values = settings_for_tests(database_url, signer, **upstreams, warm_up_pdf=False)
        settings = ReportsSettings(**{**values, **overrides})
        router = HostRouter(
            {
                HOSTS["budget"]: httpx.ASGITransport(app=budget_app),
                HOSTS["projects"]: httpx.ASGITransport(app=projects_app),
                HOSTS["registry"]: httpx.ASGITransport(app=registry_app),
            }
        )
        tokens = SignerTokens(signer, "client:report-service", SERVICE_SCOPES)
        return create_app(settings, token_provider=tokens, http_transport=router)

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
async def projects(projects_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async for c in asgi_client(projects_app):
        yield c
