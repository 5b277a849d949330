"""Binh Duong demo data, loaded once by `make run` through the public API.

Everything goes through the gateway as a real client would, so the ledger, the project history
and the registry are consistent by construction: the budget summary and the projects agree.
Deterministic (seeded), so every fresh `make run` tells the same story.
"""

from __future__ import annotations

import contextlib
import io
import os
import random
import subprocess
import sys
from collections.abc import Callable, Generator
from dataclasses import dataclass
from datetime import date
from typing import Any

import httpx

PROGRAM_CODE = "BD-KC-2016-2020"
YEARS = range(2016, 2021)
PLANNED_ANNUAL_VND = 4_500_000_000
DEMO_PASSWORD = "khuyencong"

# Share of each year's local money by category (sums to 100). Technology and products dominate,
# as in Binh Duong's program (10–15 machinery projects and ≥ 2 demonstration models a year).
CATEGORY_SHARES = {
    "training": 8,
    "capacity_building": 6,
    "technology_transfer": 46,
    "products_and_trade": 16,
    "consulting": 6,
    "information": 5,
    "clusters_and_environment": 7,
    "international_cooperation": 2,
    "program_management": 4,
}

# (activity_type, title pattern, typical total cost, planned KPIs). KPI keys are codes from
# GET /kpis; cleaner production is measured per year before (baseline) and after (result).
ACTIVITIES: list[tuple[str, str, int, dict[str, Any]]] = [
    (
        "machinery_application",
        "Hỗ trợ ứng dụng máy móc tiên tiến trong sản xuất {trade}",
        700_000_000,
        {"machines": 2, "productivity_gain_percent": 20},
    ),
    (
        "machinery_application",
        "Hỗ trợ dây chuyền thiết bị {trade}",
        900_000_000,
        {"machines": 3, "new_jobs": 10},
    ),
    (
        "demonstration_model",
        "Xây dựng mô hình trình diễn kỹ thuật {trade}",
        1_200_000_000,
        {"visitors": 150, "replications": 5},
    ),
    (
        "cleaner_production_pilot",
        "Trình diễn sản xuất sạch hơn tại cơ sở {trade}",
        600_000_000,
        {
            "cp_energy_kwh": {"baseline": 240_000, "result": 198_000},
            "cp_water_m3": {"baseline": 12_000, "result": 9_500},
            "cp_co2e_t": {"baseline": 190, "result": 158},
        },
    ),
    (
        "cleaner_production_pilot",
        "Áp dụng sản xuất sạch hơn trong khâu nung, sấy tại cơ sở {trade}",
        500_000_000,
        {
            "cp_energy_kwh": {"baseline": 310_000, "result": 262_000},
            "cp_materials_t": {"baseline": 420, "result": 395},
            "cp_waste_t": {"baseline": 36, "result": 27},
            "energy_saving_percent": 15,
        },
    ),
    (
        "cleaner_production_capacity",
        "Tập huấn áp dụng sản xuất sạch hơn cho cơ sở {trade}",
        100_000_000,
        {"trainees": 45, "enterprises": 12},
    ),
    ("vocational_training", "Đào tạo nghề, truyền nghề {trade}", 150_000_000, {"trainees": 30}),
    (
        "management_training",
        "Tập huấn nâng cao năng lực quản lý cho cơ sở CNNT",
        120_000_000,
        {"trainees": 60},
    ),
    ("brand_building", "Hỗ trợ xây dựng thương hiệu sản phẩm {trade}", 70_000_000, {"brands": 1}),
    (
        "trade_fair_domestic",
        "Tham gia hội chợ triển lãm hàng CNNT tiêu biểu khu vực phía Nam",
        200_000_000,
        {"booths": 10, "contracts": 5},
    ),
    (
        "typical_product_selection",
        "Bình chọn sản phẩm công nghiệp nông thôn tiêu biểu cấp tỉnh",
        180_000_000,
        {"products": 40},
    ),
    ("consulting", "Tư vấn thiết kế mẫu mã, bao bì sản phẩm {trade}", 70_000_000, {"designs": 5}),
    (
        "information",
        "Chuyên mục khuyến công trên Đài Phát thanh – Truyền hình Bình Dương",
        150_000_000,
        {"broadcasts": 12},
    ),
    (
        "pollution_treatment",
        "Hỗ trợ xử lý ô nhiễm môi trường tại cơ sở {trade}",
        800_000_000,
        {"waste_reduction_percent": 30, "cp_waste_t": {"baseline": 20, "result": 14}},
    ),
    (
        "program_management",
        "Quản lý chương trình khuyến công, cộng tác viên khuyến công",
        120_000_000,
        {"collaborators": 25},
    ),
]

TRADES = [
    ("sơn mài", "32", "handicraft"),
    ("gốm sứ", "23", "handicraft"),
    ("gỗ mỹ nghệ", "16", "handicraft"),
    ("guốc mộc", "16", "handicraft"),
    ("chế biến hạt điều", "10", "agro_food"),
    ("chế biến nông sản", "10", "agro_food"),
    ("cơ khí chế tạo", "25", "machinery"),
    ("máy nông nghiệp", "28", "machinery"),
    ("bao bì giấy", "17", "other"),
    ("nội thất gỗ", "31", "handicraft"),
]
NAME_STEMS = [
    "Tương Bình Hiệp",
    "Lái Thiêu",
    "Minh Long",
    "Phú Thọ",
    "An Thạnh",
    "Tân Phước Khánh",
    "Chánh Nghĩa",
    "Thành Lễ",
    "Hưng Thịnh",
    "Đại Phát",
    "Bình Minh",
    "Sông Bé",
    "Thủ Dầu Một",
    "Phước Hòa",
    "Đất Cuốc",
    "Bàu Bàng",
    "Dầu Tiếng",
    "Tân Uyên",
    "Hòa Lợi",
    "Việt Hương",
    "Quốc Thái",
    "Nam Việt",
    "Phương Nam",
    "Đông Á",
    "Kim Ngân",
    "Thanh Bình",
    "Gia Phát",
]
KIND_PREFIX = {
    "enterprise": ["Công ty TNHH", "Công ty Cổ phần", "Doanh nghiệp tư nhân"],
    "cooperative": ["Hợp tác xã"],
    "cooperative_group": ["Tổ hợp tác"],
    "household_business": ["Cơ sở", "Hộ kinh doanh"],
}

CRAFT_VILLAGES = [
    {
        "name": "Làng nghề sơn mài Tương Bình Hiệp",
        "craft": "Sơn mài",
        "admin_unit_code": "25771",
        "is_traditional": True,
        "recognized_on": "2015-06-26",
        "recognition_decision": "1559/QĐ-UBND",
        "households": 620,
        "craft_households": 140,
        "workers": 700,
        "founded_year": 1890,
        "description": "Di sản văn hóa phi vật thể quốc gia; sơn mài truyền thống Bình Dương.",
    },
    {
        "name": "Làng nghề gốm sứ Lái Thiêu",
        "craft": "Gốm sứ",
        "admin_unit_code": "25966",
        "is_traditional": True,
        "recognized_on": "2018-03-15",
        "recognition_decision": "612/QĐ-UBND",
        "households": 900,
        "craft_households": 210,
        "workers": 3500,
        "founded_year": 1867,
        "description": "Nghề gốm Bình Dương: di sản văn hóa phi vật thể quốc gia từ 2021.",
    },
    {
        "name": "Làng nghề gốm Tân Phước Khánh",
        "craft": "Gốm sứ",
        "admin_unit_code": "25891",
        "is_traditional": True,
        "recognized_on": "2018-03-15",
        "recognition_decision": "613/QĐ-UBND",
        "households": 750,
        "craft_households": 160,
        "workers": 2800,
        "founded_year": 1890,
        "description": "Gốm Tân Phước Khánh – Tân Uyên.",
    },
    {
        "name": "Làng nghề gốm Chánh Nghĩa",
        "craft": "Gốm sứ",
        "admin_unit_code": "25756",
        "is_traditional": True,
        "recognized_on": "2019-05-10",
        "recognition_decision": "1201/QĐ-UBND",
        "households": 520,
        "craft_households": 110,
        "workers": 1500,
        "founded_year": 1920,
        "description": "Gốm Chánh Nghĩa – Thủ Dầu Một.",
    },
    {
        "name": "Làng nghề guốc mộc và điêu khắc gỗ Phú Thọ",
        "craft": "Guốc mộc, điêu khắc gỗ",
        "admin_unit_code": "25753",
        "is_traditional": True,
        "recognized_on": "2017-09-20",
        "recognition_decision": "2450/QĐ-UBND",
        "households": 480,
        "craft_households": 100,
        "workers": 420,
        "founded_year": 1900,
        "description": "Guốc mộc, chạm khắc gỗ Phú Thọ.",
    },
    {
        "name": "Làng nghề điêu khắc gỗ An Thạnh",
        "craft": "Điêu khắc gỗ",
        "admin_unit_code": "25963",
        "is_traditional": True,
        "recognized_on": "2017-09-20",
        "recognition_decision": "2451/QĐ-UBND",
        "households": 560,
        "craft_households": 120,
        "workers": 600,
        "founded_year": 1910,
        "description": "Chạm khắc gỗ An Thạnh – Thuận An.",
    },
]
VILLAGE_TRADE = {
    0: "sơn mài",
    1: "gốm sứ",
    2: "gốm sứ",
    3: "gốm sứ",
    4: "guốc mộc",
    5: "gỗ mỹ nghệ",
}

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def tax_code(rng: random.Random) -> str:
    """A valid 10-digit tax code with Binh Duong's prefix 37 (docs/domain.md §Registry rules)."""
    while True:
        digits = "37" + "".join(str(rng.randrange(10)) for _ in range(7))
        remainder = sum(int(d) * w for d, w in zip(digits, WEIGHTS, strict=True)) % 11
        if remainder != 0:
            return digits + str(10 - remainder)


def _shortened(text: str, most: int = 2000) -> str:
    """An answer's text for an error message: an import's refusal lists every row (100 KB and
    more for the demo's 300), which would bury the cause on the terminal."""
    return text if len(text) <= most else f"{text[:most]}… ({len(text):,} characters in all)"


class ApiError(RuntimeError):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


@dataclass
class Api:
    client: httpx.Client
    tokens: dict[str, str]

    def call(self, who: str, method: str, path: str, **kw: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.tokens[who]}", **kw.pop("headers", {})}
        response = self.client.request(method, f"/api/v1{path}", headers=headers, **kw)
        if response.status_code >= 400:
            raise ApiError(
                response.status_code,
                f"{method} {path} as {who}: {response.status_code} {_shortened(response.text)}",
            )
        return response.json() if response.content else None

    def login(self, username: str) -> None:
        response = self.client.post(
            "/api/v1/auth/token",
            data={"grant_type": "password", "username": username, "password": DEMO_PASSWORD},
        )
        response.raise_for_status()
        self.tokens[username] = response.json()["access_token"]


def load_demo_data(
    base_url: str, env: dict[str, dict[str, str]], log: Callable[[str], None]
) -> None:
    rng = random.Random(1877)  # Decision 1877/QĐ-UBND
    with httpx.Client(base_url=base_url, timeout=120) as client:
        api = Api(client, {})
        _create_demo_users(env, None)
        for user in ("admin", "manager", "officer", "finance", "viewer"):
            api.login(user)

        log("demo data: registry (craft villages, 300 enterprises, typical products)")
        villages = [api.call("officer", "POST", "/craft-villages", json=v) for v in CRAFT_VILLAGES]
        communes = [
            u["code"]
            for u in api.call(
                "officer",
                "GET",
                "/admin-units",
                params={"valid_on": "2018-01-01", "level": "commune"},
            )["items"]
        ]
        enterprises = _load_enterprises(api, rng, communes, villages)
        _create_demo_users(env, enterprises[0]["id"])
        api.login("enterprise")
        _load_typical_products(api, rng, enterprises)

        log("demo data: program 2016–2020, appropriations and allocations")
        _load_budget(api)

        log("demo data: ~120 projects through their lifecycle")
        _load_projects(api, rng, enterprises, villages, log)

        log("demo data: official forms attached to a few projects as documents")
        _attach_documents(api, enterprises[0]["id"])


def _create_demo_users(env: dict[str, dict[str, str]], enterprise_id: str | None) -> None:
    args = [sys.executable, "-m", "gateway.demo_users"]
    if enterprise_id:
        args += ["--enterprise-id", enterprise_id]
    subprocess.run(args, check=True, env={**os.environ, **env["gateway"]})


def _load_enterprises(
    api: Api, rng: random.Random, communes: list[str], villages: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    rows = []
    seen: set[str] = set()
    village_trade = {VILLAGE_TRADE[i]: v for i, v in enumerate(villages)}
    for i in range(300):
        kind = rng.choices(list(KIND_PREFIX), weights=[55, 10, 5, 30])[0]
        trade, division, _group = rng.choice(TRADES)
        stem = rng.choice(NAME_STEMS)
        name = f"{rng.choice(KIND_PREFIX[kind])} {trade.capitalize()} {stem}"
        if name in seen:
            name = f"{name} {i + 1}"
        seen.add(name)
        village = village_trade.get(trade) if rng.random() < 0.35 else None
        code = tax_code(rng)
        rows.append(
            {
                "tax_code": code,
                "name": name,
                "kind": kind,
                "size": rng.choices(["micro", "small", "medium", "large"], weights=[40, 40, 15, 5])[
                    0
                ],
                "sector_code": division,
                "admin_unit_code": village["admin_unit_code"] if village else rng.choice(communes),
                "address": f"Số {rng.randint(1, 300)}, đường ĐT{rng.randint(741, 750)}",
                "established_on": date(
                    rng.randint(1995, 2015), rng.randint(1, 12), rng.randint(1, 28)
                ).isoformat(),
                "employees": rng.randint(3, 400),
                "is_rural_industrial": "true" if rng.random() < 0.8 else "false",
                "craft_village_id": village["id"] if village else "",
                "owner_gender": rng.choice(["female", "male"]),
                "owner_ethnic_minority": "true" if rng.random() < 0.05 else "false",
                "phone": f"0274{rng.randint(3_000_000, 3_999_999)}",
                "email": f"lienhe{code}@example.vn",
            }
        )
    header = list(rows[0])
    buffer = io.StringIO()
    buffer.write(",".join(header) + "\n")
    for row in rows:
        buffer.write(",".join(_csv_cell(str(row[h])) for h in header) + "\n")
    api.call(
        "officer",
        "POST",
        "/enterprises/import",
        files={"file": ("doanh-nghiep.csv", buffer.getvalue().encode(), "text/csv")},
    )
    items: list[dict[str, Any]] = []
    page = 1
    while True:
        batch = api.call(
            "officer",
            "GET",
            "/enterprises",
            params={"page": page, "page_size": 200, "sort": "tax_code"},
        )
        items += batch["items"]
        if len(items) >= batch["total"]:
            break
        page += 1
    by_code = {e["tax_code"]: e for e in items}
    return [by_code[r["tax_code"]] for r in rows]  # the generated order, for determinism


def _csv_cell(value: str) -> str:
    return f'"{value}"' if "," in value or '"' in value else value


def _load_typical_products(api: Api, rng: random.Random, enterprises: list[dict[str, Any]]) -> None:
    makers = [e for e in enterprises if e["craft_village_id"]] or enterprises
    products = [
        ("Tranh sơn mài phong cảnh", "handicraft"),
        ("Bình gốm men rạn", "handicraft"),
        ("Bộ ấm trà gốm Lái Thiêu", "handicraft"),
        ("Guốc mộc chạm khắc", "handicraft"),
        ("Tượng gỗ mỹ nghệ", "handicraft"),
        ("Hạt điều rang muối", "agro_food"),
        ("Máy bóc vỏ hạt điều", "machinery"),
        ("Bánh tráng Phú Hòa Đông", "agro_food"),
        ("Hộp sơn mài khảm trứng", "handicraft"),
        ("Chén dĩa gốm vẽ tay", "handicraft"),
    ]
    for n in range(42):  # Binh Duong recognised 42 provincial products in 2022
        name, group = products[n % len(products)]
        year = rng.choice([2018, 2020, 2022, 2023])
        api.call(
            "officer",
            "POST",
            "/typical-products",
            json={
                "name": f"{name} – mẫu {n + 1}",
                "enterprise_id": rng.choice(makers)["id"],
                "group": group,
                "tier": rng.choices(["provincial", "regional", "national"], weights=[24, 16, 2])[0],
                "recognized_year": year,
                "score": rng.randint(70, 95),
                "certificate_number": f"{n + 1:03d}/GCN-SCT",
            },
        )


def _load_budget(api: Api) -> None:
    api.call(
        "manager",
        "POST",
        "/budget/programs",
        json={
            "code": PROGRAM_CODE,
            "name": "Chương trình Khuyến công tỉnh Bình Dương đến năm 2020",
            "legal_basis": "Quyết định 1877/QĐ-UBND ngày 20/7/2016 của UBND tỉnh Bình Dương; "
            "Nghị định 45/2012/NĐ-CP",
            "start_year": 2016,
            "end_year": 2020,
            "planned_annual_vnd": PLANNED_ANNUAL_VND,
            "advance_cap_percent": 70,
        },
    )
    for year in YEARS:
        key = f"demo:{year}"
        api.call(
            "finance",
            "POST",
            f"/budget/years/{year}/appropriations",
            headers={"Idempotency-Key": f"{key}:appropriation:local"},
            json={
                "funding_source": "local",
                "amount_vnd": PLANNED_ANNUAL_VND,
                "decision_number": f"{3400 + year - 2016}/QĐ-UBND",
                "document_date": f"{year}-01-05",
            },
        )
        api.call(
            "finance",
            "POST",
            f"/budget/years/{year}/appropriations",
            headers={"Idempotency-Key": f"{key}:appropriation:national"},
            json={
                "funding_source": "national",
                "amount_vnd": 1_000_000_000,
                "decision_number": f"{1100 + year - 2016}/QĐ-BCT",
                "document_date": f"{year}-01-08",
            },
        )
        for category, share in CATEGORY_SHARES.items():
            api.call(
                "manager",
                "POST",
                f"/budget/years/{year}/allocations",
                headers={"Idempotency-Key": f"{key}:allocation:{category}:local"},
                json={
                    "category": category,
                    "funding_source": "local",
                    "amount_vnd": PLANNED_ANNUAL_VND * share // 100,
                    "document_date": f"{year}-01-15",
                },
            )
        api.call(
            "manager",
            "POST",
            f"/budget/years/{year}/allocations",
            headers={"Idempotency-Key": f"{key}:allocation:technology_transfer:national"},
            json={
                "category": "technology_transfer",
                "funding_source": "national",
                "amount_vnd": 1_000_000_000,
                "document_date": f"{year}-01-15",
            },
        )


# The status each project ends in, by how old its year is: earlier years are mostly settled.
def _target_status(rng: random.Random, year: int) -> str:
    if year <= 2018:
        weights = {"settled": 80, "rejected": 8, "cancelled": 6, "accepted": 6}
    elif year == 2019:
        weights = {"settled": 55, "accepted": 15, "in_progress": 15, "rejected": 8, "cancelled": 7}
    else:
        weights = {
            "in_progress": 25,
            "approved": 15,
            "appraised": 15,
            "submitted": 15,
            "draft": 15,
            "settled": 10,
            "rejected": 5,
        }
    return rng.choices(list(weights), weights=list(weights.values()))[0]


ORDER = ["draft", "submitted", "appraised", "approved", "in_progress", "accepted", "settled"]


def _load_projects(
    api: Api,
    rng: random.Random,
    enterprises: list[dict[str, Any]],
    villages: list[dict[str, Any]],
    log: Callable[[str], None],
) -> None:
    rules = {
        t["code"]: (t["support_rules"][0] if t["support_rules"] else {})
        for c in api.call("officer", "GET", "/activity-types")["items"]
        for t in c["activity_types"]
    }
    active = [e for e in enterprises if e["status"] == "active"]
    demo_enterprise = enterprises[0]
    count = 0
    # Tests that need the demo's shape, not its size, ask for fewer (make run loads them all).
    per_year = int(os.environ.get("KC_DEMO_PROJECTS_PER_YEAR", "24"))
    for year in YEARS:
        waiting: list[tuple[Generator[tuple[str, str, int], bool, None], tuple[str, str, int]]] = []
        for n in range(per_year):
            activity, pattern, cost, kpis = rng.choice(ACTIVITIES)
            trade = rng.choice(TRADES)[0]
            beneficiary = (
                demo_enterprise if (year, n) in {(2018, 0), (2020, 1)} else rng.choice(active)
            )
            total = int(cost * rng.uniform(0.7, 1.3)) // 1_000_000 * 1_000_000
            requested = _requested(rules.get(activity, {}), total)
            target = _target_status(rng, year)
            if year == 2020 and n == 1:
                target = "draft"  # the enterprise user's own proposal, still to submit
            walk = _walk_project(
                api,
                rng,
                year,
                target,
                {
                    "title": pattern.format(trade=trade),
                    "activity_type": activity,
                    "level": "local",
                    "fiscal_year": year,
                    "program_code": PROGRAM_CODE,
                    "implementing_unit": "Trung tâm Khuyến công – Tư vấn phát triển công nghiệp "
                    "Bình Dương",
                    "beneficiary_enterprise_id": beneficiary["id"],
                    "craft_village_id": beneficiary.get("craft_village_id") or None,
                    "admin_unit_code": beneficiary["admin_unit_code"],
                    "start_on": f"{year}-03-01",
                    "end_on": f"{year}-11-30",
                    "total_cost_vnd": total,
                    "requested_support_vnd": requested,
                    "counterpart_vnd": total - requested,
                    "objectives": "Nâng cao năng lực sản xuất, chất lượng sản phẩm và sức cạnh "
                    "tranh của cơ sở công nghiệp nông thôn.",
                    "expected_outcomes": "Tăng năng suất, tạo việc làm, giảm ô nhiễm môi trường.",
                    "planned_kpis": _scaled(rng, kpis),
                    "cost_lines": _cost_lines(activity, pattern, total, requested),
                },
                change=_change_for(year, n, activity, target),
            )
            candidate = next(walk, None)  # up to its approval, which the year's plan decides
            if candidate is not None:
                waiting.append((walk, candidate))
            count += 1
        in_plan = _approve_year_plan(api, year, [candidate for _, candidate in waiting])
        for walk, candidate in waiting:
            with contextlib.suppress(StopIteration):  # the rest of its way
                walk.send(candidate[0] in in_plan)
        log(f"demo data: {count} projects loaded (through {year}), the year's plan approved")


def _approve_year_plan(api: Api, year: int, candidates: list[tuple[str, str, int]]) -> set[str]:
    """The year's local plan (kế hoạch khuyến công năm): the appraised projects `(id, category,
    recommended support)` that the local allocation lines can hold, in the order they were
    filed, approved together by one decision of the provincial People's Committee. Returns
    the ids it approved; the others are approved one by one (national money) or wait."""
    left = {
        line["category"]: line["available_vnd"]
        for line in api.call("manager", "GET", f"/budget/years/{year}/allocations")["items"]
        if line["funding_source"] == "local"
    }
    chosen = []
    for pid, category, amount in candidates:
        if amount <= left.get(category, 0):
            left[category] -= amount
            chosen.append(pid)
    if not chosen:
        return set()
    plan = api.call(
        "officer",
        "POST",
        "/plans",
        json={
            "fiscal_year": year,
            "level": "local",
            "title": f"Kế hoạch khuyến công địa phương năm {year} tỉnh Bình Dương",
        },
    )
    for pid in chosen:
        api.call("officer", "POST", f"/plans/{plan['id']}/items", json={"project_id": pid})
    api.call("officer", "POST", f"/plans/{plan['id']}/submit")
    number, day = PLAN_DECISIONS[year]
    api.call(
        "manager",
        "POST",
        f"/plans/{plan['id']}/approval",
        headers={"Idempotency-Key": f"demo:{year}:plan"},
        json={
            "decision_number": f"{number}/QĐ-UBND",
            "decision_date": f"{year}-04-{day:02d}",
            "funding_source": "local",
        },
    )
    return set(chosen)


# The People's Committee's decision approving each year's plan: (number, day in April).
PLAN_DECISIONS = {2016: (826, 7), 2017: (912, 10), 2018: (874, 5), 2019: (951, 9), 2020: (803, 6)}


# Form 1 items by activity: (item, unit, quantity, weight); the first is the main cost.
COST_ITEMS: dict[str, list[tuple[str, str, int, int]]] = {
    "machinery": [
        ("Máy cắt CNC", "cái", 1, 62),
        ("Máy phụ trợ, khuôn gá", "bộ", 2, 20),
        ("Lắp đặt, chạy thử, chuyển giao công nghệ", "gói", 1, 11),
        ("Đào tạo vận hành máy", "lớp", 2, 7),
    ],
    "line": [
        ("Dây chuyền thiết bị", "dây chuyền", 1, 70),
        ("Băng tải, thiết bị phụ trợ", "bộ", 2, 15),
        ("Lắp đặt, chạy thử", "gói", 1, 10),
        ("Đào tạo vận hành", "lớp", 2, 5),
    ],
    "demonstration_model": [
        ("Thiết bị trình diễn", "bộ", 1, 65),
        ("Xây dựng, lắp đặt mô hình", "gói", 1, 20),
        ("Hội nghị trình diễn, tham quan mô hình", "hội nghị", 2, 10),
        ("Tài liệu kỹ thuật", "bộ", 100, 5),
    ],
    "cleaner_production_pilot": [
        ("Đánh giá sản xuất sạch hơn", "cơ sở", 1, 20),
        ("Thiết bị tiết kiệm năng lượng", "bộ", 2, 55),
        ("Cải tạo lò nung, hệ thống sấy", "gói", 1, 20),
        ("Hội thảo nhân rộng", "hội thảo", 1, 5),
    ],
    "training": [
        ("Thù lao giảng viên", "buổi", 20, 35),
        ("Tài liệu học tập", "bộ", 40, 15),
        ("Hỗ trợ tiền ăn học viên", "người", 40, 30),
        ("Thuê hội trường, thiết bị giảng dạy", "ngày", 10, 20),
    ],
    "products_and_trade": [
        ("Thuê gian hàng, mặt bằng", "gian", 10, 55),
        ("Vận chuyển hàng mẫu", "chuyến", 4, 15),
        ("Tuyên truyền, quảng bá", "gói", 1, 20),
        ("Tổ chức, điều hành", "gói", 1, 10),
    ],
    "consulting": [
        ("Chuyên gia tư vấn thiết kế", "ngày công", 20, 60),
        ("In mẫu, bao bì thử nghiệm", "bộ", 5, 25),
        ("Đăng ký nhãn hiệu", "hồ sơ", 1, 15),
    ],
    "information": [
        ("Sản xuất phóng sự chuyên đề", "phóng sự", 12, 70),
        ("Phát sóng", "buổi", 12, 30),
    ],
    "pollution_treatment": [
        ("Hệ thống xử lý nước thải", "hệ thống", 1, 60),
        ("Thiết bị lọc bụi, khí thải", "bộ", 1, 25),
        ("Lắp đặt, vận hành thử", "gói", 1, 15),
    ],
    "program_management": [
        ("Thù lao cộng tác viên khuyến công", "người", 25, 70),
        ("Kiểm tra, giám sát đề án", "đợt", 4, 30),
    ],
}
ITEMS_OF = {
    "vocational_training": "training",
    "management_training": "training",
    "cleaner_production_capacity": "training",
    "typical_product_selection": "products_and_trade",
    "trade_fair_domestic": "products_and_trade",
    "brand_building": "consulting",
}


def _cost_lines(activity: str, pattern: str, total: int, requested: int) -> list[dict[str, Any]]:
    """Form 1 lines adding up to the project's amounts: the implementing unit's management cost
    (2% of the support, under the 2.5% cap) and the activity's items by weight, support and
    counterpart shared in proportion (whole đồng; the last line takes what is left)."""
    kind = ITEMS_OF.get(activity, activity)
    if activity == "machinery_application":
        kind = "line" if "dây chuyền" in pattern else "machinery"
    items = COST_ITEMS.get(kind, COST_ITEMS["machinery"])
    management = 0 if activity == "program_management" else requested * 2 // 100 // 1000 * 1000
    rest, support = total - management, requested - management
    weights = sum(w for *_, w in items)
    lines: list[dict[str, Any]] = []
    used = given = 0
    for i, (item, unit, quantity, weight) in enumerate(items):
        last = i == len(items) - 1
        step = quantity * 1000
        amount = rest - used if last else rest * weight // weights // step * step
        quantity = quantity if amount % quantity == 0 else 1
        part = support - given if last else amount * support // rest
        part = min(part, amount)
        lines.append(
            {
                "item": item,
                "unit": unit,
                "quantity": quantity,
                "unit_price_vnd": amount // quantity,
                "support_vnd": part,
                "counterpart_vnd": amount - part,
            }
        )
        used, given = used + amount, given + part
    if management:
        lines.append(
            {
                "item": "Chi phí quản lý",
                "unit": "đề án",
                "quantity": 1,
                "unit_price_vnd": management,
                "support_vnd": management,
                "counterpart_vnd": 0,
                "is_management": True,
            }
        )
    return lines


def _change_for(year: int, n: int, activity: str, target: str) -> str | None:
    """A few change requests (điều chỉnh đề án), chosen by position so the projects stay the
    same: schedules put back, budgets changed with the cost, places and content still pending
    on projects still running."""
    if target == "in_progress" and n % 3 == 0:
        return "pending"
    if target == "in_progress" and n % 3 == 1:
        return "pending_location"
    if n % 8 == 3:
        return "schedule"
    if n % 8 == 5 and activity in ("demonstration_model", "cleaner_production_pilot"):
        return "budget"
    if n % 8 == 6 and activity not in ("demonstration_model", "cleaner_production_pilot"):
        return "decrease"
    if year == 2020 and n % 8 == 7:
        return "pending"
    return None


def _scaled(rng: random.Random, kpis: dict[str, Any]) -> dict[str, Any]:
    """Each establishment measures its own baseline; the planned saving keeps its proportion."""
    out: dict[str, Any] = {}
    factor = rng.uniform(0.6, 1.5)
    for code, value in kpis.items():
        if isinstance(value, dict):
            out[code] = {k: round(v * factor) for k, v in value.items()}
        else:
            out[code] = value
    return out


def _achieved(rng: random.Random, code: str, planned: Any) -> Any:
    """What acceptance measured: around the plan; a percentage stays ≤ 100."""
    if isinstance(planned, dict):
        saving = (planned["baseline"] - planned["result"]) * rng.uniform(0.8, 1.2)
        return {
            "baseline": planned["baseline"],
            "result": max(0, round(planned["baseline"] - saving)),
        }
    value = max(0, round(planned * rng.uniform(0.8, 1.2)))
    return min(value, 100) if code.endswith("_percent") else value


def _requested(rule: dict[str, Any], total: int) -> int:
    amount = total * (rule.get("max_percent") or 50) // 100
    if rule.get("max_vnd"):
        amount = min(amount, rule["max_vnd"])
    return amount // 1_000_000 * 1_000_000


def _approve(api: Api, rng: random.Random, path: str, year: int, amount: int) -> bool:
    """Local money first, then national; a year whose money is spent leaves it appraised."""
    for source in ("local", "national"):
        try:
            api.call(
                "manager",
                "POST",
                f"{path}/approval",
                json={
                    "decision_number": f"{rng.randint(100, 999)}/QĐ-SCT",
                    "decision_date": f"{year}-04-{rng.randint(1, 28):02d}",
                    "approved_support_vnd": amount,
                    "funding_source": source,
                },
            )
            return True
        except ApiError as exc:
            if exc.status != 409:
                raise
    return False


def _ask_change(
    api: Api,
    path: str,
    year: int,
    change: str,
    body: dict[str, Any],
    approved: int,
    on: Callable[..., str],
) -> int:
    """Ask for a change and, except `pending`, have it decided; returns the approved support."""
    total = body["total_cost_vnd"]
    if change == "schedule":
        request = {
            "kind": "schedule",
            "reason": "Nhà cung cấp giao thiết bị chậm so với hợp đồng.",
            "changes": {"end_on": f"{year}-12-15"},
        }
    elif change == "budget":  # cost up 10%, support kept at the policy's 30%
        new_total = total * 11 // 10 // 1_000_000 * 1_000_000
        new_support = new_total * 30 // 100 // 1_000_000 * 1_000_000
        request = {
            "kind": "budget",
            "reason": "Giá thiết bị tăng so với dự toán được duyệt.",
            "changes": {
                "approved_support_vnd": new_support,
                "total_cost_vnd": new_total,
                "counterpart_vnd": new_total - new_support,
            },
        }
    elif change == "decrease":
        request = {
            "kind": "budget",
            "reason": "Đơn vị thụ hưởng tự bố trí một phần kinh phí; giảm kinh phí hỗ trợ.",
            "changes": {"approved_support_vnd": approved * 9 // 10 // 1_000_000 * 1_000_000},
        }
    elif change == "pending_location":
        request = {
            "kind": "location",
            "reason": "Cơ sở chuyển xưởng sản xuất về địa điểm mới.",
            "changes": {"admin_unit_code": "25747"},
        }
    else:
        request = {
            "kind": "content",
            "reason": "Bổ sung nội dung tập huấn vận hành cho người lao động.",
            "changes": {
                "objectives": body["objectives"] + " Bổ sung tập huấn vận hành, an toàn lao động."
            },
        }
    asked = api.call("officer", "POST", f"{path}/change-requests", json=request)
    if change.startswith("pending"):
        return approved
    decision = {
        "approved": True,
        "decision_number": f"{asked['number']}{year % 100:02d}/QĐ-SCT",
        "decision_date": on(8, 1, 28),
        "note": "Đồng ý điều chỉnh.",
    }
    try:
        api.call(
            "manager",
            "POST",
            f"{path}/change-requests/{asked['id']}/decision",
            json=decision,
        )
    except ApiError as exc:  # no money left on the line: the request stays pending
        if exc.status != 409:
            raise
        return approved
    return int(request["changes"].get("approved_support_vnd", approved))


def _walk_project(
    api: Api,
    rng: random.Random,
    year: int,
    target: str,
    body: dict[str, Any],
    change: str | None = None,
) -> Generator[tuple[str, str, int], bool, None]:
    """Takes a project to `target`. One that is to be approved stops after its appraisal,
    yielding (id, category, recommended support), and is sent whether the year's plan approved
    it; if not, it is approved on its own (local money, else national) or stays appraised.
    `change`: the change request (điều chỉnh) it gets while in progress, if any."""
    # Each step is dated in its project's year, as its document was (history and ledger read like
    # 2016–2020); a generator of its own keeps the main one's sequence, hence the same projects.
    days = random.Random(f"{year}:{body['title']}:{body['total_cost_vnd']}")

    def on(month: int, first: int, last: int, y: int = year) -> str:
        return f"{y}-{month:02d}-{days.randint(first, last):02d}"

    project = api.call(
        "officer", "POST", "/projects", json={**body, "document_date": on(1, 10, 25)}
    )
    pid = project["id"]
    path = f"/projects/{pid}"
    reach = ORDER.index(target) if target in ORDER else None
    if target == "draft":
        return
    api.call("officer", "POST", f"{path}/submit", json={"document_date": on(2, 1, 10)})
    if target == "submitted":
        return
    if target == "rejected":
        api.call(
            "officer",
            "POST",
            f"{path}/appraisal",
            json={
                "score": rng.randint(35, 55),
                "recommendation": "reject",
                "notes": "Không đáp ứng tiêu chí hiệu quả kinh tế.",
                "document_date": on(3, 1, 15),
            },
        )
        return
    recommended = body["requested_support_vnd"]
    api.call(
        "officer",
        "POST",
        f"{path}/appraisal",
        json={
            "score": rng.randint(70, 95),
            "recommendation": "approve",
            "recommended_support_vnd": recommended,
            "notes": "Hội đồng thẩm định thống nhất.",
            "document_date": on(3, 1, 15),
        },
    )
    if target == "appraised":
        return
    approved = recommended
    in_plan = yield pid, project["category"], approved
    if not (in_plan or _approve(api, rng, path, year, approved)) or target == "approved":
        return
    api.call("officer", "POST", f"{path}/start", json={"document_date": on(5, 2, 10)})
    advance = approved * 50 // 100 // 1_000_000 * 1_000_000
    if advance:
        api.call(
            "finance",
            "POST",
            f"{path}/advances",
            json={
                "amount_vnd": advance,
                "reference": f"UNC-{year}-{rng.randint(1000, 9999)}",
                "document_date": on(5, 12, 25),
            },
        )
    if target == "cancelled":
        api.call(
            "manager",
            "POST",
            f"{path}/cancellation",
            json={
                "reason": "Đơn vị thụ hưởng không bố trí được vốn đối ứng.",
                "document_date": on(6, 1, 28),
            },
        )
        return
    api.call(
        "officer",
        "POST",
        f"{path}/progress-reports",
        json={
            "period": f"{year}-07",
            "percent_complete": 60,
            "notes": "Đã lắp đặt thiết bị.",
            "kpis": {},
            "document_date": f"{year}-07-31",
        },
    )
    if change:
        approved = _ask_change(api, path, year, change, body, approved, on)
    if reach is not None and reach <= ORDER.index("in_progress"):
        return
    accepted = approved if rng.random() < 0.7 else approved * 9 // 10 // 1_000_000 * 1_000_000
    actual = {k: _achieved(rng, k, v) for k, v in body["planned_kpis"].items()}
    api.call(
        "officer",
        "POST",
        f"{path}/acceptance",
        json={
            "accepted_on": f"{year}-12-{rng.randint(1, 20):02d}",
            "record_number": f"NT-{year}-{rng.randint(100, 999)}",
            "accepted_support_vnd": max(accepted, advance),
            "actual_kpis": actual,
        },
    )
    if target == "accepted":
        return
    api.call(
        "finance",
        "POST",
        f"{path}/settlement",
        json={
            "settled_on": f"{year + 1}-01-{rng.randint(5, 20):02d}",
            "reference": f"TL-{year}-{rng.randint(100, 999)}",
        },
    )


# (form, document kind, file name stem): the forms a project's file holds once it is accepted.
ATTACHED_FORMS = [
    ("cost_estimate", "dossier", "Dự toán chi tiết"),
    ("acceptance_minutes", "acceptance_minutes", "Biên bản nghiệm thu"),
    ("settlement", "settlement", "Bảng chi tiết quyết toán"),
]


def _attach_documents(api: Api, demo_enterprise_id: str) -> None:
    """Real PDFs on a few projects: each made by the service's own form renderer (GET
    /projects/{id}/forms/...) and uploaded as an official would upload the signed scan."""
    settled = api.call(
        "officer", "GET", "/projects", params={"status": "settled", "page_size": 3, "sort": "code"}
    )["items"]
    own = api.call(
        "officer",
        "GET",
        "/projects",
        params={"beneficiary_enterprise_id": demo_enterprise_id, "page_size": 1, "sort": "code"},
    )["items"]
    for project in [*settled, *own]:
        forms = ATTACHED_FORMS if project["accepted_on"] else ATTACHED_FORMS[:1]
        for form, kind, stem in forms:
            response = api.client.get(
                f"/api/v1/projects/{project['id']}/forms/{form}",
                params={"format": "pdf"},
                headers={"Authorization": f"Bearer {api.tokens['officer']}"},
            )
            response.raise_for_status()
            api.call(
                "officer",
                "POST",
                f"/projects/{project['id']}/documents",
                data={"kind": kind},
                files={
                    "file": (f"{stem} - {project['code']}.pdf", response.content, "application/pdf")
                },
            )
