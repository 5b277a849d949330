"""The open-data catalogue entry (DCAT-AP in JSON-LD) the national open-data portal harvests:
one data set, the approved projects of the program, with a distribution per format and year."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from projects.settings import ProjectsSettings

CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
}


def _distribution(title: str, url: str, media_type: str) -> dict[str, Any]:
    return {
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:downloadURL": url,
        "dcat:mediaType": media_type,
    }


def document(settings: ProjectsSettings, years: Sequence[int]) -> dict[str, Any]:
    base = settings.public_base_url.rstrip("/")
    api = f"{base}/api/v1/public"
    distributions = [
        _distribution("Danh sách đề án (JSON)", f"{api}/projects", "application/json"),
        _distribution("Danh sách đề án (CSV)", f"{api}/projects/export?format=csv", "text/csv"),
        _distribution(
            "Thực hiện kinh phí theo năm (JSON)", f"{api}/budget/years", "application/json"
        ),
    ]
    for year in years:
        distributions.append(
            _distribution(f"OCDS 1.1 năm {year}", f"{api}/ocds?year={year}", "application/json")
        )
    return {
        "@context": CONTEXT,
        "@type": "dcat:Catalog",
        "dct:title": "Dữ liệu mở chương trình khuyến công",
        "dct:publisher": {"@type": "foaf:Organization", "foaf:name": settings.ocds_publisher_name},
        "dcat:dataset": [
            {
                "@type": "dcat:Dataset",
                "dct:identifier": f"{settings.ocds_ocid_prefix}-khuyen-cong",
                "dct:title": "Đề án khuyến công được phê duyệt và kinh phí thực hiện",
                "dct:description": (
                    "Các đề án khuyến công đã được phê duyệt: nội dung, đơn vị thụ hưởng (hộ "
                    "kinh doanh chỉ nêu xã, phường và ngành nghề), kinh phí được duyệt, đã giải "
                    "ngân và nghiệm thu; thực hiện kinh phí theo năm. Không có dữ liệu cá nhân."
                ),
                "dct:language": "vi",
                "dct:license": settings.ocds_license_url,
                "dct:accrualPeriodicity": "http://purl.org/cld/freq/daily",
                "dcat:keyword": ["khuyến công", "công nghiệp nông thôn", "OCDS"],
                "dcat:landingPage": f"{base}/cong-khai",
                "dcat:distribution": distributions,
            }
        ],
    }
