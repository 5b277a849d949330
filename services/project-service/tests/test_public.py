"""The public (no login) routes: only approved projects, no personal data, a household business
by its commune and trade, caching by ETag, the OCDS package valid against the shipped schema."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from tests.factories import API, appraised, approval, approved, create, enterprise, fund, post

SCHEMAS = Path(__file__).resolve().parents[1] / "src/projects/public/ocds"
FORBIDDEN = {"phone", "email", "owner_gender", "owner_ethnic_minority", "tax_code"}
OWNER = "Nguyễn Thị Hoà"


def keys(value: Any) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys(v)}
    return set()


def ocds_validator() -> Draft4Validator:
    package = json.loads((SCHEMAS / "release-package-schema.json").read_text())
    release = json.loads((SCHEMAS / "release-schema.json").read_text())
    registry = Registry().with_resource(release["id"], Resource.from_contents(release, DRAFT4))
    return Draft4Validator(
        package, registry=registry, format_checker=Draft4Validator.FORMAT_CHECKER
    )


async def published(client, budget, registry, auth) -> dict[str, Any]:
    """An enterprise's project (started, an advance paid), a household business's project, and
    a draft that must stay unpublished."""
    await fund(budget, auth)
    firm = await enterprise(
        registry, auth, name="Công ty TNHH Sơn mài Tương Bình Hiệp", phone="0274 3822 123",
        email="sonmai@example.vn", owner_gender="female", sector_code="31",
    )  # fmt: skip
    household = await enterprise(
        registry, auth, name=OWNER, kind="household_business", phone="0912 345 678",
        email="hoa@example.vn", owner_gender="female", owner_ethnic_minority=True,
        sector_code="32",
    )  # fmt: skip
    a = await approved(client, auth, beneficiary_enterprise_id=firm, admin_unit_code="25747")
    assert (await post(client, auth, "program_officer", f"/projects/{a['id']}/start")).is_success
    r = await post(
        client, auth, "finance_officer", f"/projects/{a['id']}/advances",
        {"amount_vnd": 100_000_000, "reference": "UNC-01", "document_date": "2017-05-10"},
    )  # fmt: skip
    assert r.status_code == 200, r.text
    b = await appraised(
        client, auth, beneficiary_enterprise_id=household, title="Truyền nghề mây tre đan",
        requested_support_vnd=90_000_000, counterpart_vnd=510_000_000,
    )  # fmt: skip
    r = await post(
        client, auth, "program_manager", f"/projects/{b['id']}/approval", approval(90_000_000)
    )
    assert r.status_code == 200, r.text
    draft = await create(client, auth, title="Đề án còn dự thảo")
    return {"a": a, "b": b, "draft": draft}


async def test_public_projects_publish_approved_only_without_personal_data(
    client, budget, registry, auth
):
    p = await published(client, budget, registry, auth)
    r = await client.get(f"{API}/public/projects", params={"fiscal_year": 2017})
    assert r.status_code == 200, r.text
    body = r.json()
    by_code = {i["code"]: i for i in body["items"]}
    assert set(by_code) == {p["a"]["code"], p["b"]["code"]} and body["total"] == 2
    a, b = by_code[p["a"]["code"]], by_code[p["b"]["code"]]
    assert a["beneficiary"]["name"] == "Công ty TNHH Sơn mài Tương Bình Hiệp"
    assert (a["approved_support_vnd"], a["disbursed_vnd"], a["status"]) == (
        300_000_000, 100_000_000, "in_progress",
    )  # fmt: skip
    assert a["decision_number"] == "123/QĐ-SCT" and a["decision_date"] == "2017-02-15"
    # the merged ward: recorded as Phú Cường, today part of Thủ Dầu Một
    assert a["commune"]["code"] == "25747" and a["commune"]["current_name"]
    # a household business: kind and trade, never its owner's name
    assert b["beneficiary"]["kind"] == "household_business"
    assert b["beneficiary"]["name"] is None and b["beneficiary"]["trade_code"] == "32"
    assert not keys(body) & FORBIDDEN
    for text in (OWNER, "0912", "hoa@example.vn", "0274", "sonmai@example.vn"):
        assert text not in r.text

    r = await client.get(f"{API}/public/projects/{p['draft']['code']}")
    assert r.status_code == 404 and r.json()["code"] == "project.not_found"
    r = await client.get(f"{API}/public/projects/{p['a']['code']}")
    assert r.status_code == 200, r.text
    # dated by its voucher, not by when it was recorded
    assert r.json()["disbursements"] == [
        {"kind": "advance", "amount_vnd": 100_000_000, "date": "2017-05-10"}
    ]
    assert not keys(r.json()) & FORBIDDEN and OWNER not in r.text

    r = await client.get(f"{API}/public/projects", params={"q": "mây tre"})
    assert [i["code"] for i in r.json()["items"]] == [p["b"]["code"]]
    r = await client.get(f"{API}/public/projects", params={"page_size": 101})
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "page_size"


async def test_a_published_project_lists_its_approved_changes(client, budget, registry, auth):
    """The approved support shown is the changed one: the decision that changed it is published
    beside it, with the amount before and after (a reader saw the first decision's number next
    to another amount)."""
    p = await published(client, budget, registry, auth)
    pid, code = p["a"]["id"], p["a"]["code"]
    path = f"/projects/{pid}/change-requests"
    for kind, changes, number in (
        ("budget", {"approved_support_vnd": 280_000_000}, "210/QĐ-SCT"),
        ("schedule", {"end_on": "2017-12-15"}, "211/QĐ-SCT"),
    ):
        asked = await post(
            client,
            auth,
            "program_officer",
            path,
            {"kind": kind, "reason": "Lý do", "changes": changes},
        )
        assert asked.status_code == 201, asked.text
        decision = {"approved": True, "decision_number": number, "decision_date": "2017-06-15"}
        r = await post(
            client, auth, "program_manager", f"{path}/{asked.json()['id']}/decision", decision
        )
        assert r.status_code == 200, r.text
    body = (await client.get(f"{API}/public/projects/{code}")).json()
    assert body["approved_support_vnd"] == 280_000_000
    assert body["changes"] == [
        {"kind": "budget", "decision_number": "210/QĐ-SCT", "decision_date": "2017-06-15",
         "approved_support_before_vnd": 300_000_000, "approved_support_after_vnd": 280_000_000},
        {"kind": "schedule", "decision_number": "211/QĐ-SCT", "decision_date": "2017-06-15",
         "approved_support_before_vnd": None, "approved_support_after_vnd": None},
    ]  # fmt: skip
    # a change still pending is not published
    asked = await post(
        client,
        auth,
        "program_officer",
        path,
        {"kind": "budget", "reason": "x", "changes": {"approved_support_vnd": 250_000_000}},
    )
    assert asked.status_code == 201, asked.text
    assert len((await client.get(f"{API}/public/projects/{code}")).json()["changes"]) == 2


async def test_public_answers_carry_an_etag_and_304_when_unchanged(client, auth, budget):
    await fund(budget, auth)
    await approved(client, auth)
    r = await client.get(f"{API}/public/projects")
    etag = r.headers["etag"]
    assert r.headers["cache-control"].startswith("public, max-age=")
    again = await client.get(f"{API}/public/projects", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = await client.get(
        f"{API}/public/projects", params={"page_size": 5}, headers={"If-None-Match": etag}
    )
    assert other.status_code == 200  # another page is another body


async def test_ocds_package_is_valid_ocds_1_1(client, budget, registry, auth):
    p = await published(client, budget, registry, auth)
    r = await client.get(f"{API}/public/ocds", params={"year": 2017})
    assert r.status_code == 200, r.text
    package = r.json()
    errors = [e.message for e in ocds_validator().iter_errors(package)]
    assert errors == []
    assert package["version"] == "1.1" and package["license"]
    releases = {x["ocid"]: x for x in package["releases"]}
    assert set(releases) == {f"ocds-kc0000-{p['a']['code']}", f"ocds-kc0000-{p['b']['code']}"}
    started = releases[f"ocds-kc0000-{p['a']['code']}"]
    assert started["tag"] == ["planning", "award", "contract", "implementation"]
    [tx] = started["contracts"][0]["implementation"]["transactions"]
    assert tx["value"] == {"amount": 100_000_000, "currency": "VND"}
    assert tx["date"].startswith("2017-05-10T")
    assert OWNER not in r.text and not keys(package) & FORBIDDEN

    # the validator is not a rubber stamp: a release without its ocid fails
    del package["releases"][0]["ocid"]
    assert any("ocid" in e.message for e in ocds_validator().iter_errors(package))

    r = await client.get(f"{API}/public/ocds", params={"year": 2019})
    assert r.status_code == 404 and r.json()["code"] == "project.ocds_year_empty"


async def test_csv_download_and_catalogue(client, budget, registry, auth):
    p = await published(client, budget, registry, auth)
    r = await client.get(f"{API}/public/projects/export", params={"format": "csv"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Mã đề án", "Tên đề án"]
    assert sorted(row[0] for row in rows[1:]) == sorted([p["a"]["code"], p["b"]["code"]])
    assert OWNER not in r.text and "Hộ kinh doanh" in r.text
    # the activity type is named as the reference table names it, not by its code
    activity = rows[0].index("Nội dung hoạt động")
    assert {row[activity] for row in rows[1:]} == {"Ứng dụng máy móc tiên tiến"}

    r = await client.get(f"{API}/public/projects/by-commune", params={"fiscal_year": 2017})
    assert r.status_code == 200
    assert sum(i["approved_support_vnd"] for i in r.json()["items"]) == 390_000_000

    r = await client.get(f"{API}/public/catalog.json")
    assert r.status_code == 200
    urls = [d["dcat:downloadURL"] for d in r.json()["dcat:dataset"][0]["dcat:distribution"]]
    assert any(u.endswith("/public/ocds?year=2017") for u in urls)
