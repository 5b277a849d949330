"""`REGISTRY_READ_DATABASE_URL`: the enterprise list and search read the replica; writes and the
reads of one record stay on the primary. Here the "replica" is a second database that is not
replicated, so which one answered shows in the rows."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import httpx
import pytest

from kc_common.auth import TokenSigner
from kc_common.testing import (
    asgi_client,
    drop_postgres_database,
    provision_database,
    running_app,
    settings_for_tests,
)
from registry.app import create_app
from registry.models import Base
from registry.settings import RegistrySettings
from tests.conftest import ALEMBIC_INI, make_enterprise

URL = "/api/v1/enterprises"


@pytest.fixture(scope="module")
def replica_url() -> Iterator[str]:
    url = provision_database("registry_replica", ALEMBIC_INI)
    yield url
    drop_postgres_database(url)


@pytest.fixture
async def replica_client(
    database_url: str, replica_url: str, signer: TokenSigner
) -> AsyncIterator[tuple[httpx.AsyncClient, httpx.AsyncClient]]:
    """A client of an app with the replica, and one of an app whose primary is the replica."""
    with_replica = create_app(
        RegistrySettings(**settings_for_tests(database_url, signer, read_database_url=replica_url))
    )
    on_replica = create_app(RegistrySettings(**settings_for_tests(replica_url, signer)))
    async with running_app(with_replica, Base.metadata), running_app(on_replica, Base.metadata):
        async for a in asgi_client(with_replica):
            async for b in asgi_client(on_replica):
                yield a, b


async def test_lists_read_the_replica_and_records_the_primary(replica_client, auth):
    client, replica = replica_client
    headers = auth("admin")
    written = await make_enterprise(client, headers, name="Cơ sở ghi vào chính")
    # The record itself, read back after the write: the primary.
    got = await client.get(f"{URL}/{written['id']}", headers=headers)
    assert got.status_code == 200 and got.json()["name"] == "Cơ sở ghi vào chính"
    by_code = await client.get(f"{URL}/by-tax-code/{written['tax_code']}", headers=headers)
    assert by_code.status_code == 200
    # The list and the search: the replica, which does not hold it ...
    listed = (await client.get(URL, headers=headers)).json()
    assert listed["items"] == [] and listed["total"] == 0
    assert (await client.get(URL, params={"q": "ghi vao"}, headers=headers)).json()["total"] == 0
    # ... but holds what was written there.
    there = await make_enterprise(replica, headers, name="Cơ sở trên bản sao")
    listed = (await client.get(URL, params={"q": "ban sao"}, headers=headers)).json()
    assert [e["id"] for e in listed["items"]] == [there["id"]]


async def test_without_a_replica_the_list_reads_the_primary(client, auth):
    headers = auth("admin")
    written = await make_enterprise(client, headers, name="Cơ sở một cơ sở dữ liệu")
    listed = (await client.get(URL, headers=headers)).json()
    assert [e["id"] for e in listed["items"]] == [written["id"]]
