"""A list's count is kept per filter set and reused until the registry is written to: every
write bumps the change marker after its commit, and a page that reads a new marker counts
again. On both databases."""

from __future__ import annotations

import logging

from sqlalchemy import text

from registry.enterprises import repository
from tests.conftest import NEW_COMMUNE, make_enterprise, tax_code

URL = "/api/v1/enterprises"


async def _total(client, headers, **params) -> int:
    body = (await client.get(URL, params={"page_size": 2, **params}, headers=headers)).json()
    assert len(body["items"]) == 2 and body["total_is_exact"] is True  # a full page: counted
    return int(body["total"])


async def _write_behind_its_back(app, sql: str) -> None:
    """A write that does not bump the marker (as a process killed after its commit would)."""
    async with app.state.db.engine.begin() as conn:
        await conn.execute(text(sql))


async def test_a_count_is_reused_until_a_write_bumps_the_marker(client, auth, app):
    headers = auth("admin")
    for i in range(4):
        await make_enterprise(client, headers, name=f"Cơ sở gốm sứ Lái Thiêu {i}")
    await make_enterprise(client, headers, name="Công ty cơ khí Dĩ An")
    assert await _total(client, headers, q="gom su") == 4
    assert len(repository.COUNTS) == 1

    # Unseen by the marker, a fifth name matches: the kept count still answers.
    await _write_behind_its_back(
        app, "UPDATE enterprises SET search_text = 'co so gom su di an' WHERE name LIKE '%Dĩ An'"
    )
    assert await _total(client, headers, q="gom su") == 4
    # Once the marker moves, the page counts again.
    async with app.state.db.sessionmaker() as session:
        await repository.mark_changed(session)
        await session.commit()
    assert await _total(client, headers, q="gom su") == 5


async def test_every_write_through_the_api_moves_the_marker(client, auth):
    """Each filter set is counted right before its write (and keeps more hits than a page,
    so the page does not tell its total itself): only that write's bump makes it count again."""
    headers = auth("admin")
    made = [await make_enterprise(client, headers, name=f"Hộ gốm sứ {i}") for i in range(5)]

    assert await _total(client, headers, q="gom su") == 5
    await make_enterprise(client, headers, name="Hộ gốm sứ mới")  # create
    assert await _total(client, headers, q="gom su") == 6

    response = await client.patch(
        f"{URL}/{made[0]['id']}", json={"name": "Hộ sơn mài"}, headers=headers
    )
    assert response.status_code == 200, response.text  # update
    assert await _total(client, headers, q="gom su") == 5

    assert await _total(client, headers, q="gom su", status="active") == 5
    response = await client.delete(f"{URL}/{made[1]['id']}", headers=headers)
    assert response.status_code in (200, 204), response.text  # archive: no longer active
    assert await _total(client, headers, q="gom su", status="active") == 4

    assert await _total(client, headers, q="gom su") == 5
    header = "tax_code,name,kind,admin_unit_code\n"
    rows = "".join(
        f"{tax_code()},Hộ gốm sứ nhập {i},household_business,{NEW_COMMUNE}\n" for i in range(2)
    )
    response = await client.post(
        f"{URL}/import",
        files={"file": ("ds.csv", (header + rows).encode(), "text/csv")},
        headers=headers,
    )
    assert response.status_code == 201, response.text  # import
    assert await _total(client, headers, q="gom su") == 7


async def test_work_after_the_commit_that_fails_is_logged_not_raised(
    client, auth, app, monkeypatch, caplog
):
    """The request's data is committed whatever befalls the marker; its count is only kept
    for the time limit then."""

    async def broken(session):
        raise RuntimeError("marker table gone")

    monkeypatch.setattr(repository, "mark_changed", broken)
    headers = auth("admin")
    with caplog.at_level(logging.ERROR, logger="kc.db"):
        made = await make_enterprise(client, headers, name="Cơ sở gốm sứ Tân Phước Khánh")
    assert "work after a commit failed" in caplog.text
    response = await client.get(f"{URL}/{made['id']}", headers=headers)
    assert response.status_code == 200
