"""The import at scale: streamed, staged, checked in the database, still all rows or none; the
export streamed."""

import asyncio
import csv
import io
import uuid
from datetime import date

import pytest
from sqlalchemy import text

from registry.enterprises import bulk, repository, service
from registry.enterprises.schemas import EnterpriseCreate
from tests.conftest import make_enterprise, make_village, tax_code
from tests.test_import_export import URL, VI_HEADER, csv_bytes, total, upload, vi_row


async def test_one_bad_row_in_the_middle_of_20000_writes_nothing(client, auth):
    headers = auth("admin")
    await make_enterprise(client, headers)
    rows = [vi_row(i) for i in range(1, 20_001)]
    rows[9_999][0] = "0100047517"  # spreadsheet row 10,001: wrong check digit
    rows[14_999][8] = "-5"  # row 15,001: employees below 0
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows, bom=True))
    assert response.status_code == 422, response.text[:300]
    body = response.json()
    assert body["code"] == "registry.import_failed"
    assert [(r["row"], r["field"], r["code"]) for r in body["rows"]] == [
        (10_001, "tax_code", "registry.tax_code_check_digit"),
        (15_001, "employees", "validation.greater_than_equal"),
    ]
    assert body["detail"] == "Không dòng nào được nhập: 2 lỗi ở 2 dòng."
    assert await total(client, headers) == 1  # only the one made before


async def test_duplicates_inside_the_file_and_against_the_registry(client, auth):
    headers = auth("admin")
    existing = await make_enterprise(client, headers)
    rows = [vi_row(i) for i in range(1, 3_001)]
    twice = rows[99][0]
    rows[2_499][0] = twice  # row 2,501 repeats row 101
    rows[2_999][0] = twice  # row 3,001 too
    rows[1_499][0] = existing["tax_code"]  # row 1,501 is registered already
    rows[1_999][5] = "99999"  # row 2,001: no such admin unit, still counts as the code's first
    rows[2_000][0] = rows[1_999][0]  # row 2,002 repeats row 2,001
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 422, response.text[:300]
    found = [(r["row"], r["field"], r["code"], r["params"]) for r in response.json()["rows"]]
    assert found == [
        (1_501, "tax_code", "registry.duplicate_tax_code", {"tax_code": existing["tax_code"]}),
        (2_001, "admin_unit_code", "registry.unknown_admin_unit", {"code": "99999"}),
        (2_002, "tax_code", "registry.import_duplicate_row", {"row": 2_001}),
        (2_501, "tax_code", "registry.import_duplicate_row", {"row": 101}),
        (3_001, "tax_code", "registry.import_duplicate_row", {"row": 101}),
    ]
    assert response.json()["detail"] == "Không dòng nào được nhập: 5 lỗi ở 5 dòng."
    assert await total(client, headers) == 1


async def test_unknown_craft_village_is_found_by_the_database(client, auth):
    headers = auth("admin")
    village = await make_village(client, headers)
    header = ["tax_code", "name", "kind", "admin_unit_code", "craft_village_id"]
    rows = [[tax_code(), f"Cơ sở {i}", "enterprise", "25747", village["id"]] for i in range(50)]
    rows[7][4] = str(uuid.uuid4())
    response = await upload(client, headers, csv_bytes(header, rows))
    assert response.status_code == 422
    assert [(r["row"], r["field"]) for r in response.json()["rows"]] == [(9, "craft_village_id")]
    rows[7][4] = village["id"].upper()  # any spelling of the id
    response = await upload(client, headers, csv_bytes(header, rows))
    assert response.status_code == 201, response.text[:300]
    assert response.json() == {"imported": 50}


async def test_a_file_of_bad_rows_reports_the_first_thousand_and_counts_all(client, auth):
    headers = auth("admin")
    rows = [vi_row(i) for i in range(1, 1_501)]
    for row in rows:
        row[2] = "Tập đoàn"  # no such kind
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 422
    body = response.json()
    assert len(body["rows"]) == len(body["errors"]) == bulk.MAX_REPORTED
    assert body["rows"][0]["row"] == 2 and body["rows"][-1]["row"] == bulk.MAX_REPORTED + 1
    assert body["detail"] == "Không dòng nào được nhập: 1500 lỗi ở 1500 dòng."
    assert body["params"] == {"problems": 1500, "rows": 1500}  # beyond the rows listed
    assert await total(client, headers) == 0


async def test_bytes_that_are_not_utf8_far_into_the_file_write_nothing(client, auth, monkeypatch):
    headers = auth("admin")
    monkeypatch.setattr(service, "CHUNK_ROWS", 1000)  # PostgreSQL: chunks inserted before it
    data = csv_bytes(VI_HEADER, [vi_row(i) for i in range(1, 8_001)])
    broken = data[: len(data) // 2] + b"\xd0\xf4ng" + data[len(data) // 2 :]  # a legacy code page
    response = await upload(client, headers, broken)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "file"
    assert response.json()["rows"][0]["code"] == "registry.import_not_utf8"
    assert await total(client, headers) == 0


async def test_a_large_import_into_a_smaller_table_rebuilds_the_indexes(
    client, auth, app, monkeypatch
):
    """PostgreSQL drops and makes again the secondary indexes (SQLite inserts as always); the
    same indexes exist afterwards and searches use them."""
    headers = auth("admin")
    postgres = app.state.db.engine.dialect.name == "postgresql"

    async def indexes() -> list[str]:
        if not postgres:
            return []
        async with app.state.db.engine.connect() as conn:
            found = await conn.execute(
                text("SELECT indexdef FROM pg_indexes WHERE tablename = 'enterprises'")
            )
            return sorted(r[0] for r in found)

    before = await indexes()
    monkeypatch.setattr(repository, "REBUILD_FROM", 100)
    await make_enterprise(client, headers)
    response = await upload(client, headers, csv_bytes(VI_HEADER, [vi_row(i) for i in range(300)]))
    assert response.status_code == 201, response.text[:300]
    assert await indexes() == before
    assert not postgres or len(before) >= 8
    found = await client.get(URL, params={"q": "hat dieu so 299"}, headers=headers)
    assert found.json()["total"] == 1


async def test_problems_in_later_chunks_are_all_reported(client, auth, monkeypatch):
    """PostgreSQL inserts chunk by chunk while reading: a code registered already, a repeat of a
    code from an earlier chunk and a bad row far after them are all reported, nothing written
    (SQLite: one chunk setting it does not read)."""
    headers = auth("admin")
    monkeypatch.setattr(service, "CHUNK_ROWS", 250)
    existing = await make_enterprise(client, headers)
    rows = [vi_row(i) for i in range(1, 2_001)]
    rows[899][0] = existing["tax_code"]  # row 901, in the fourth chunk
    rows[1_199][0] = rows[9][0]  # row 1,201 repeats row 11, from the first chunk
    rows[1_899][8] = "-1"  # row 1,901
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 422, response.text[:300]
    assert [(r["row"], r["field"], r["code"]) for r in response.json()["rows"]] == [
        (901, "tax_code", "registry.duplicate_tax_code"),
        (1_201, "tax_code", "registry.import_duplicate_row"),
        (1_901, "employees", "validation.greater_than_equal"),
    ]
    assert await total(client, headers) == 1


async def test_many_chunks_into_a_smaller_table(client, auth, app, monkeypatch):
    """Ten chunks, the file large enough (estimated from the bytes read) for the indexes to be
    dropped and made again at the end: every row is there and found through them."""
    headers = auth("admin")
    monkeypatch.setattr(service, "CHUNK_ROWS", 100)
    monkeypatch.setattr(repository, "REBUILD_FROM", 400)
    await make_enterprise(client, headers)
    rows = [vi_row(i) for i in range(1, 1_001)]
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 201, response.text[:300]
    assert response.json() == {"imported": 1_000}
    assert await total(client, headers) == 1_001
    found = await client.get(URL, params={"q": "hat dieu so 777"}, headers=headers)
    assert [e["name"] for e in found.json()["items"]] == ["Cơ sở chế biến hạt điều số 777"]
    if app.state.db.engine.dialect.name == "postgresql":
        async with app.state.db.engine.connect() as conn:
            count = await conn.scalar(
                text("SELECT count(*) FROM pg_indexes WHERE tablename = 'enterprises'")
            )
        assert count >= 9  # the primary key, the unique tax code and the seven made again


async def test_a_file_of_many_chunks_takes_larger_ones(client, auth, app, monkeypatch):
    """PostgreSQL: a file estimated (from the bytes read) at more than MAX_CHUNKS chunks takes
    larger chunks, so the import keeps within the savepoints a backend tracks without overflow;
    every row is still imported."""
    headers = auth("admin")
    monkeypatch.setattr(service, "CHUNK_ROWS", 100)
    monkeypatch.setattr(service, "MAX_CHUNKS", 4)
    chunks: list[bool] = []
    move_chunk_sql = repository.move_chunk_sql

    def counted(now, *, insert):
        chunks.append(insert)
        return move_chunk_sql(now, insert=insert)

    monkeypatch.setattr(repository, "move_chunk_sql", counted)
    rows = [vi_row(i) for i in range(2_000)]
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 201, response.text[:300]
    assert await total(client, headers) == 2_000
    if app.state.db.engine.dialect.name == "postgresql":
        # 100 rows, then about 2,000 / 4 a chunk: 20 chunks at the first size
        assert 3 <= len(chunks) <= 6 and all(chunks), chunks


PLAIN = {"tax_code": "0100047516", "name": "x" * 255, "kind": "enterprise", "admin_unit_code": "74"}
SHORT = {**PLAIN, "name": "A"}


@pytest.mark.parametrize(
    "values",
    [
        {},
        {"name": "Cơ sở Ánh Dương"},
        PLAIN,
        {**PLAIN, "name": "x" * 256},
        {**PLAIN, "name": "Tab\there"},
        {**PLAIN, "name": "A\u202eB"},
        {**SHORT, "tax_code": "０１", "admin_unit_code": "٧٤"},
        {**SHORT, "kind": "Enterprise", "admin_unit_code": "7"},
        {
            **SHORT,
            "employees": "007",
            "established_on": "2012-02-30",
            "phone": "0912 345 678",
            "email": "a@b.vn",
            "craft_village_id": "A1B2C3D4-0000-4000-8000-000000000001",
            "address": "Ấp 1\nxã 2",
            "sector_code": "C",
            "size": "micro",
            "status": "dissolved",
            "owner_gender": "female",
            "is_rural_industrial": True,
            "owner_ethnic_minority": "có",
        },
        {
            **SHORT,
            "employees": "1000001",
            "established_on": date(1899, 12, 31),
            "email": "a@b@c.vn",
            "phone": "12345",
            "craft_village_id": "{a1b2c3d4-0000-4000-8000-000000000001}",
        },
        {
            **SHORT,
            "employees": "0",
            "established_on": "2100-12-31",
            "email": "é@b.vn",
            "sector_code": "C10",
        },
    ],
)
def test_direct_values_take_only_what_the_model_takes_as_it_is(values):
    """The import's direct path answers only where the model would accept the row, and with the
    model's values; everything else is left to the model (None)."""
    direct = bulk.direct_values(values)
    try:
        model = EnterpriseCreate.model_validate(values).model_dump()
    except ValueError:
        model = None
    if direct is not None:
        assert direct == model
    assert (direct is not None) == (values is PLAIN)  # the others have something to decide


def test_direct_values_cover_an_exported_row():
    values = {
        "tax_code": "0100047516-001", "name": "Công ty TNHH Sơn mài", "kind": "cooperative",
        "size": "small", "sector_code": "16", "admin_unit_code": "25747",
        "address": "Số 5, ấp Bình Phước", "established_on": date(2012, 3, 15), "employees": "12",
        "is_rural_industrial": True, "owner_gender": "male", "owner_ethnic_minority": False,
        "phone": "+84 912 345 678", "email": "lienhe@example.vn", "status": "active",
        "craft_village_id": "a1b2c3d4-0000-4000-8000-000000000001",
    }  # fmt: skip
    direct = bulk.direct_values(values)
    assert direct is not None
    assert direct == EnterpriseCreate.model_validate(values).model_dump()


def test_staged_columns_are_the_stage_tables():
    assert set(bulk.STAGED) == set(repository.STAGED_COLUMNS)


async def test_export_streams_a_few_thousand_rows(client, auth, app):
    """The CSV leaves in parts as the rows are read (the ASGI messages say so: an httpx test
    client would gather them), and holds every row."""
    headers = auth("admin")
    rows = [vi_row(i) for i in range(1, 3_001)]
    response = await upload(client, headers, csv_bytes(VI_HEADER, rows))
    assert response.status_code == 201
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
        "scheme": "http", "path": f"{URL}/export", "raw_path": f"{URL}/export".encode(),
        "query_string": b"", "root_path": "", "server": ("test", 80), "client": ("127.0.0.1", 1),
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()],
    }  # fmt: skip
    sent: list[dict] = []
    done = asyncio.Event()
    requested = False

    async def receive() -> dict:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await done.wait()  # the client stays until the whole body has come
        return {"type": "http.disconnect"}

    async def send(message: dict) -> None:
        sent.append(message)
        if message["type"] == "http.response.body" and not message.get("more_body"):
            done.set()

    await app(scope, receive, send)
    start, *bodies = sent
    assert start["status"] == 200
    assert b"content-length" not in dict(start["headers"])  # no length known up front
    parts = [m["body"] for m in bodies if m.get("body")]
    assert len(parts) > 3  # header, then 500 rows at a time
    exported = list(csv.reader(io.StringIO(b"".join(parts).decode("utf-8-sig"))))
    assert len(exported) == 3_001
    assert {r[0] for r in exported[1:]} == {r[0] for r in rows}
    by_code = {r[0]: r for r in exported[1:]}
    assert by_code[rows[41][0]][1] == rows[41][1] and by_code[rows[41][0]][7] == "2012-03-15"
