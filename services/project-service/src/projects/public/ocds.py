"""Published projects as an OCDS 1.1 release package: one release per project, its stages as far
as the project has gone: planning (the support asked for and the budget line), award (the
approval decision), contract (the support agreed, its period) and implementation (a transaction
per disbursement). The schemas beside this module (ocds/) are the standard's own; the tests
validate every package against them."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from projects.projects.models import Project
from projects.public.schemas import PublicProject
from projects.public.service import Facts, Paid
from projects.settings import ProjectsSettings

VERSION = "1.1"
VIETNAM = timezone(timedelta(hours=7))
BUYER_ID = "buyer"
# Status of the award and of the contract by the project's status (OCDS closed codelists).
AWARD_STATUS = {"cancelled": "cancelled"}
CONTRACT_STATUS = {
    "approved": "pending",
    "in_progress": "active",
    "accepted": "active",
    "settled": "terminated",
    "cancelled": "cancelled",
}


def _day(value: date) -> str:
    """A date as OCDS wants it: a date-time, midnight in Vietnam."""
    return datetime.combine(value, time(0), VIETNAM).isoformat()


def _stamp(value: datetime) -> str:
    return value.astimezone(VIETNAM).isoformat(timespec="seconds")


def _vnd(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": "VND"}


def ocid(settings: ProjectsSettings, code: str) -> str:
    return f"{settings.ocds_ocid_prefix}-{code}"


def _publisher(settings: ProjectsSettings) -> dict[str, Any]:
    publisher: dict[str, Any] = {"name": settings.ocds_publisher_name}
    for key, value in (
        ("uri", settings.ocds_publisher_uri),
        ("scheme", settings.ocds_publisher_scheme),
        ("uid", settings.ocds_publisher_uid),
    ):
        if value:
            publisher[key] = value
    return publisher


def _beneficiary_party(public: PublicProject) -> dict[str, Any] | None:
    b = public.beneficiary
    if b is None:
        return None
    # a household business: its trade and commune, never its owner's name
    name = b.name or "Hộ kinh doanh" + (f" – {b.trade_name}" if b.trade_name else "")
    party: dict[str, Any] = {
        "id": f"beneficiary-{public.code}",
        "name": name,
        "roles": ["supplier", "payee"],
    }
    if b.commune_code:
        commune = public.commune
        locality = commune.name if commune and commune.code == b.commune_code else None
        party["address"] = {
            "region": b.commune_code,
            **({"locality": locality} if locality else {}),
        }
    return party


def release(
    settings: ProjectsSettings, project: Project, public: PublicProject, paid: Sequence[Paid]
) -> dict[str, Any]:
    code = project.code
    buyer = {"id": BUYER_ID, "name": settings.ocds_publisher_name}
    tags = ["planning"]
    parties: list[dict[str, Any]] = [{**buyer, "roles": ["buyer", "payer"]}]
    beneficiary = _beneficiary_party(public)
    if beneficiary:
        parties.append(beneficiary)
    approved = project.approved_support_vnd or 0
    result: dict[str, Any] = {
        "ocid": ocid(settings, code),
        "id": f"{code}-{project.updated_at.astimezone(VIETNAM):%Y%m%dT%H%M%S}",
        "date": _stamp(project.updated_at),
        "tag": tags,
        "initiationType": "tender",
        "language": "vi",
        "parties": parties,
        "buyer": buyer,
        "planning": {
            "rationale": project.objectives or project.title,
            "budget": {
                "id": f"{project.fiscal_year}-{project.category}-{project.funding_source or ''}",
                "description": f"Kinh phí khuyến công năm {project.fiscal_year}",
                "amount": _vnd(project.requested_support_vnd),
                "project": project.title,
                "projectID": code,
            },
        },
        "tender": {
            "id": f"{code}-tender",
            "title": project.title,
            "status": "complete",
            "mainProcurementCategory": "services",
            "value": _vnd(project.requested_support_vnd),
        },
    }
    supplier = [{"id": beneficiary["id"], "name": beneficiary["name"]}] if beneficiary else []
    award: dict[str, Any] = {
        "id": f"{code}-award",
        "title": project.title,
        "status": AWARD_STATUS.get(project.status, "active"),
        "value": _vnd(approved),
        "suppliers": supplier,
    }
    if project.decision_number:
        award["description"] = f"Quyết định phê duyệt số {project.decision_number}"
    if project.decision_date:
        award["date"] = _day(project.decision_date)
    tags.append("award")
    result["awards"] = [award]

    contract: dict[str, Any] = {
        "id": f"{code}-contract",
        "awardID": award["id"],
        "title": project.title,
        "status": CONTRACT_STATUS.get(project.status, "pending"),
        "value": _vnd(project.accepted_support_vnd or approved),
    }
    if project.start_on and project.end_on:
        contract["period"] = {"startDate": _day(project.start_on), "endDate": _day(project.end_on)}
    if project.decision_date:
        contract["dateSigned"] = _day(project.decision_date)
    tags.append("contract")
    if paid or project.status in ("in_progress", "accepted", "settled"):
        tags.append("implementation")
        contract["implementation"] = {
            "transactions": [
                {
                    "id": str(p.id),
                    "source": "Kho bạc Nhà nước",
                    "date": _day(p.on),
                    "value": _vnd(p.amount_vnd),
                    "payer": buyer,
                    **(
                        {"payee": {"id": beneficiary["id"], "name": beneficiary["name"]}}
                        if beneficiary
                        else {}
                    ),
                }
                for p in paid
            ]
        }
    result["contracts"] = [contract]
    return result


def package(
    settings: ProjectsSettings,
    year: int,
    projects: Sequence[Project],
    facts: Facts,
    paid: dict[Any, list[Paid]],
) -> dict[str, Any]:
    releases = [release(settings, p, facts.project(p), paid.get(p.id, [])) for p in projects]
    # "the date of the last change to the underlying contents" (the package is made on demand)
    latest = max((p.updated_at for p in projects), default=None)
    base = settings.public_base_url.rstrip("/")
    result: dict[str, Any] = {
        "uri": f"{base}/api/v1/public/ocds?year={year}",
        "version": VERSION,
        "publishedDate": _stamp(latest) if latest else None,
        "publisher": _publisher(settings),
        "license": settings.ocds_license_url,
        "releases": releases,
    }
    if settings.ocds_publication_policy_url:
        result["publicationPolicy"] = settings.ocds_publication_policy_url
    return result
