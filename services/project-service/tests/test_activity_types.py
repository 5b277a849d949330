from tests.factories import API

CATEGORIES = [
    "training",
    "capacity_building",
    "technology_transfer",
    "products_and_trade",
    "consulting",
    "information",
    "clusters_and_environment",
    "international_cooperation",
    "program_management",
]
TYPES = {
    "vocational_training": "training",
    "management_training": "capacity_building",
    "cleaner_production_capacity": "capacity_building",
    "enterprise_founding": "capacity_building",
    "market_expansion": "capacity_building",
    "demonstration_model": "technology_transfer",
    "machinery_application": "technology_transfer",
    "technology_transfer": "technology_transfer",
    "cleaner_production_pilot": "technology_transfer",
    "typical_product_selection": "products_and_trade",
    "trade_fair_domestic": "products_and_trade",
    "trade_fair_abroad": "products_and_trade",
    "brand_building": "products_and_trade",
    "showroom": "products_and_trade",
    "consulting": "consulting",
    "information": "information",
    "business_association": "clusters_and_environment",
    "industrial_cluster_planning": "clusters_and_environment",
    "industrial_cluster_infrastructure": "clusters_and_environment",
    "pollution_relocation": "clusters_and_environment",
    "pollution_treatment": "clusters_and_environment",
    "international_cooperation": "international_cooperation",
    "program_management": "program_management",
}


async def test_nine_categories_in_decree_order_with_types_and_rules(client, auth):
    r = await client.get(f"{API}/activity-types", headers=auth("viewer"))
    assert r.status_code == 200, r.text
    items = r.json()["items"]
    assert [c["code"] for c in items] == CATEGORIES
    assert items[0]["name"] == "Đào tạo nghề, truyền nghề"
    found = {t["code"]: c["code"] for c in items for t in c["activity_types"]}
    assert found == TYPES
    rules = {t["code"]: t["support_rules"] for c in items for t in c["activity_types"]}
    assert all(rules[code] for code in TYPES), "every activity type has a support rule"
    demo = rules["demonstration_model"][0]
    assert (demo["max_percent"], demo["max_vnd"]) == (30, 1_000_000_000)
    machinery = rules["machinery_application"][0]
    assert machinery["rule"] == "≤ 50% of total cost and ≤ 300,000,000 VND (TT 28/2018/TT-BTC)"
    assert rules["industrial_cluster_infrastructure"][0]["max_vnd"] == 6_000_000_000
    assert rules["industrial_cluster_infrastructure"][0]["advance_cap_percent"] == 30
    assert rules["enterprise_founding"][0]["max_vnd"] == 10_000_000
    assert rules["trade_fair_domestic"][0]["max_percent"] == 100
    assert rules["brand_building"][0]["max_vnd"] == 35_000_000
    # what officials read is in Vietnamese: a rule no circular fixes says it is the default
    training = rules["vocational_training"][0]
    assert training["legal_basis"] == "Mức mặc định của hệ thống"
    assert training["note"] == "hỗ trợ toàn bộ chi phí đào tạo; do từng chương trình quy định"
    assert not [
        r for code in TYPES for r in rules[code] if "default of this system" in r["legal_basis"]
    ]


async def test_activity_types_need_a_token(client):
    r = await client.get(f"{API}/activity-types")
    assert r.status_code == 401
    assert r.headers["content-type"] == "application/problem+json"
