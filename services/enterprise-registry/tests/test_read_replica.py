"""Reads that may lag go to the read replica when one is configured (REGISTRY_READ_DATABASE_URL);
the record a caller just saved, and every write, stay on the primary.

The "replica" here is a second migrated database that the test fills by hand, standing in for
PostgreSQL's streaming replication (which is PostgreSQL's own, not ours to test): that the two
answer differently is what shows which one each route reads."""

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import insert, select

from kc_common.auth import TokenSigner
from kc_common.testing import (
    asgi_client,
    empty_tables,
    migrated_database,
    running_app,
    settings_for_tests,
)
from registry.app import create_app
from registry.craft_villages.models import CraftVillage
from registry.models import Base
from registry.settings import RegistrySettings
from tests.conftest import ALEMBIC_INI, make_village

URL = "/api/v1/craft-villages"


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    yield from migrated_database("registry_replica", ALEMBIC_INI)


@pytest.fixture
async def replicated(
    database_url: str, replica_url: str, signer: TokenSigner
) -> AsyncIterator[FastAPI]:
    settings = RegistrySettings(
        **settings_for_tests(database_url, signer, read_database_url=replica_url)
    )
    async with running_app(create_app(settings), Base.metadata) as app:
        yield app
        await empty_tables(app.state.db.read_engine, Base.metadata)


async def _replicate(app: FastAPI) -> None:
    """What streaming replication would do: the primary's villages, copied to the replica."""
    async with app.state.db.engine.connect() as primary:
        rows = (await primary.execute(select(CraftVillage.__table__))).mappings().all()
    async with app.state.db.read_engine.begin() as replica:
        await replica.execute(insert(CraftVillage.__table__), [dict(r) for r in rows])


async def test_lists_stats_and_exports_read_the_replica_saved_records_the_primary(
    replicated: FastAPI, auth
) -> None:
    async for client in asgi_client(replicated):
        await _check(client, replicated, auth)


async def _check(client: httpx.AsyncClient, app: FastAPI, auth) -> None:
    officer = auth("program_officer")
    village = await make_village(client, officer)
    # the record just saved is read from the primary...
    r = await client.get(f"{URL}/{village['id']}", headers=officer)
    assert r.status_code == 200 and r.json()["name"] == village["name"]
    # ...the list, its export and the registry figures from the replica, not there yet
    assert (await client.get(URL, headers=officer)).json()["total"] == 0
    export = await client.get(f"{URL}/export", params={"format": "csv"}, headers=officer)
    assert export.status_code == 200 and village["name"] not in export.text
    stats = (await client.get("/api/v1/registry/stats", headers=officer)).json()
    assert stats["craft_villages"] == 0

    await _replicate(app)
    listed = (await client.get(URL, headers=officer)).json()
    assert [v["id"] for v in listed["items"]] == [village["id"]]
    export = await client.get(f"{URL}/export", params={"format": "csv"}, headers=officer)
    assert village["name"] in export.text
    stats = (await client.get("/api/v1/registry/stats", headers=officer)).json()
    assert stats["craft_villages"] == 1
    # an update is written to the primary and read back from it at once
    r = await client.patch(f"{URL}/{village['id']}", json={"workers": 451}, headers=officer)
    assert r.status_code == 200 and r.json()["workers"] == 451
    r = await client.get(f"{URL}/{village['id']}", headers=officer)
    assert r.json()["workers"] == 451


async def test_the_enterprise_list_and_search_read_the_replica(replicated: FastAPI, auth) -> None:
    from registry.enterprises import words
    from registry.enterprises.models import Enterprise
    from tests.conftest import make_enterprise

    enterprises = "/api/v1/enterprises"
    async for client in asgi_client(replicated):
        officer = auth("program_officer")
        saved = await make_enterprise(client, officer, name="Cơ sở gốm Chánh Nghĩa")
        # the record just saved, by id and by tax code: the primary
        r = await client.get(f"{enterprises}/{saved['id']}", headers=officer)
        assert r.status_code == 200
        r = await client.get(f"{enterprises}/by-tax-code/{saved['tax_code']}", headers=officer)
        assert r.status_code == 200
        # the list and the search: the replica, not there yet
        assert (await client.get(enterprises, headers=officer)).json()["total"] == 0
        found = await client.get(enterprises, params={"q": "chanh nghia"}, headers=officer)
        assert found.json()["items"] == []
        export = await client.get(f"{enterprises}/export", headers=officer)
        assert export.status_code == 200 and saved["tax_code"] not in export.text
        # what streaming replication would bring: the rows, and on PostgreSQL the search's
        # word lists (registry.enterprises.words)
        tables = [Enterprise.__table__]
        if replicated.state.db.engine.dialect.name == "postgresql":
            tables += [words.WORDS, words.VOCABULARY]
        for table in tables:
            async with replicated.state.db.engine.connect() as primary:
                rows = (await primary.execute(select(table))).mappings().all()
            async with replicated.state.db.read_engine.begin() as replica:
                await replica.execute(insert(table), [dict(r) for r in rows])
        found = await client.get(enterprises, params={"q": "chanh nghia"}, headers=officer)
        assert [e["id"] for e in found.json()["items"]] == [saved["id"]]
        export = await client.get(f"{enterprises}/export", headers=officer)
        assert saved["tax_code"] in export.text
