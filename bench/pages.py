"""The fixed page the gateway benchmark's trivial upstreams answer (no heavy imports: the bare
ASGI app of bench/bare_asgi.py loads it too)."""

from __future__ import annotations

import json


def static_page() -> bytes:
    """A list page shaped like the registry's (20 enterprises, about 9 KB of JSON)."""
    items = [
        {
            "id": f"0190a000-0000-7000-8000-{i:012d}",
            "tax_code": f"{3700000000 + i * 7919}",
            "name": f"Công ty TNHH Sơn mài Tương Bình Hiệp {i}",
            "kind": "enterprise",
            "size": "small",
            "admin_unit_code": "25750",
            "admin_unit_name": "Phường Tương Bình Hiệp",
            "district_name": "Thành phố Thủ Dầu Một",
            "employees": 10 + i,
            "established_on": "2015-01-01",
            "sectors": ["C3290", "C1629"],
            "status": "active",
            "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-01T00:00:00Z",
        }
        for i in range(20)
    ]
    return json.dumps(
        {"items": items, "total": 300, "page": 1, "page_size": 20}, ensure_ascii=False
    ).encode()
