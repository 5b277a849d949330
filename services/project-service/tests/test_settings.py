import pytest
from pydantic import ValidationError

from projects.settings import ProjectsSettings

PG = "postgresql+asyncpg://u@db/projects"


def test_production_refuses_the_test_only_static_service_token():
    with pytest.raises(ValidationError, match="tests only"):
        ProjectsSettings(
            environment="production",
            database_url=PG,
            jwks_url="http://gw/jwks",
            service_token="x",
            client_id="projects",
            client_secret="s" * 20,
        )


def test_production_needs_client_credentials():
    with pytest.raises(ValidationError, match="CLIENT_ID"):
        ProjectsSettings(environment="production", database_url=PG, jwks_url="http://gw/jwks")
    ok = ProjectsSettings(
        environment="production",
        database_url=PG,
        jwks_url="http://gw/jwks",
        client_id="projects",
        client_secret="s" * 20,
    )
    assert ok.client_id == "projects"


def test_defaults_follow_the_contract(monkeypatch):
    monkeypatch.setenv("PROJECTS_BUDGET_URL", "http://budget:8003")
    s = ProjectsSettings()
    assert s.budget_url == "http://budget:8003"
    assert s.registry_url == "http://127.0.0.1:8001"
    assert s.database_url == "sqlite+aiosqlite:///./var/projects.db"
