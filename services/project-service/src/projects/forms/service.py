"""The official forms of a project, filled from its record: what goes on each form.

Form 1 (dự toán chi tiết), 4a (phiếu thẩm định), 5a (biên bản nghiệm thu) and 7 (bảng chi tiết
quyết toán). Each form's data is a plain dict, the same for the DOCX and the PDF template, so the
two renderings never disagree. Amounts are given in figures (`1.200.000`) and in words.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import Principal
from kc_common.errors import Conflict
from kc_common.labels import CATEGORY, FUNDING_SOURCE, LEVEL, PROJECT_STATUS
from kc_common.money import group_thousands, vnd_in_words
from projects.activities.models import ActivityType
from projects.changes import repository as changes_repository
from projects.changes.models import ChangeRequest
from projects.kpis.models import KpiIndicator
from projects.projects import repository as project_repository
from projects.projects import service as projects
from projects.projects.models import Project, ProjectEvent
from projects.settings import ProjectsSettings
from projects.upstream import BudgetClient, RegistryClient, UpstreamDown


class FormName(StrEnum):
    COST_ESTIMATE = "cost_estimate"
    APPRAISAL_SHEET = "appraisal_sheet"
    ACCEPTANCE_MINUTES = "acceptance_minutes"
    SETTLEMENT = "settlement"


# the Vietnamese file name stem of each form, and the record it needs
TITLES = {
    FormName.COST_ESTIMATE: "Mẫu 1 - Dự toán chi tiết",
    FormName.APPRAISAL_SHEET: "Mẫu 4a - Phiếu thẩm định",
    FormName.ACCEPTANCE_MINUTES: "Mẫu 5a - Biên bản nghiệm thu",
    FormName.SETTLEMENT: "Mẫu 7 - Bảng chi tiết quyết toán",
}
NEEDS = {
    FormName.APPRAISAL_SHEET: "appraisal_score",
    FormName.ACCEPTANCE_MINUTES: "accepted_on",
    FormName.SETTLEMENT: "accepted_on",
}
RECOMMENDATION = {
    "approve": "Đề nghị phê duyệt",
    "reject": "Đề nghị không phê duyệt",
    "revise": "Đề nghị chỉnh sửa, bổ sung hồ sơ",
}
PAYMENT_KIND = {"advance": "Tạm ứng", "final": "Thanh toán", "recovery": "Thu hồi"}
CHANGE_KIND = {
    "budget": "Kinh phí",
    "content": "Nội dung",
    "schedule": "Thời gian thực hiện",
    "beneficiary": "Đơn vị thụ hưởng",
    "location": "Địa điểm",
}
# the changed fields as the change's decision names them
CHANGE_MONEY = {
    "approved_support_vnd": "Kinh phí hỗ trợ",
    "total_cost_vnd": "Tổng kinh phí",
    "counterpart_vnd": "Vốn đối ứng",
}
CHANGE_DATE = {"start_on": "Ngày bắt đầu", "end_on": "Ngày kết thúc"}
CHANGE_TEXT = {"objectives": "Mục tiêu", "expected_outcomes": "Kết quả dự kiến"}


def money(amount: int | None) -> str:
    """Figures as officials write them: dots between thousands (`120.000.000`)."""
    return "" if amount is None else group_thousands(amount)


def number(value: Any) -> str:
    """A quantity: integers plain, decimals with a comma (`2,5`)."""
    if value is None:
        return ""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return money(int(d))
    return format(d.normalize(), "f").replace(".", ",")


def day(value: date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


def dated_line(place: str, value: date | None) -> str:
    """`Hà Nội, ngày 06 tháng 12 năm 2026` (the date line under the national heading); dots to
    write the date by hand on a form whose act has no date yet."""
    if value is None:
        return f"{place}, ngày …… tháng …… năm ……"
    return f"{place}, ngày {value.day:02d} tháng {value.month:02d} năm {value.year}"


def _last_event(events: Sequence[ProjectEvent], action: str) -> ProjectEvent | None:
    found = None
    for event in events:
        if event.action == action:
            found = event
    return found


def _form_date(form: FormName, project: Project, events: Sequence[ProjectEvent]) -> date | None:
    """The date a form bears is that of the act it records, whenever it is printed: a reprint of
    last year's minutes must not be dated today. None while that act is still to come (a draft's
    cost estimate, a settlement not yet made): the date is then written by hand."""
    if form == FormName.COST_ESTIMATE:
        submitted = _last_event(events, "submit")
        return submitted.document_date if submitted and project.status != "draft" else None
    if form == FormName.APPRAISAL_SHEET:
        appraisal = _last_event(events, "appraisal")
        return appraisal.document_date if appraisal else None
    if form == FormName.ACCEPTANCE_MINUTES:
        return project.accepted_on
    return project.settled_on


def amount(value: int | None) -> dict[str, str]:
    return {"figures": money(value or 0), "words": vnd_in_words(value or 0)}


async def _activity_name(session: AsyncSession, code: str) -> str:
    name = await session.scalar(select(ActivityType.name).where(ActivityType.code == code))
    return name or code


async def _enterprise_name(registry: RegistryClient, enterprise_id: Any) -> str:
    if not enterprise_id:
        return ""
    try:
        enterprise = await registry.enterprise(str(enterprise_id))
    except UpstreamDown:
        return ""  # the form is still useful; the officer writes the name in by hand
    return str((enterprise or {}).get("name") or "")


async def _beneficiary(registry: RegistryClient, project: Project) -> str:
    return await _enterprise_name(registry, project.beneficiary_enterprise_id)


async def _indicators(session: AsyncSession) -> dict[str, KpiIndicator]:
    return {k.code: k for k in await session.scalars(select(KpiIndicator))}


async def _kpis(session: AsyncSession, project: Project) -> list[dict[str, str]]:
    indicators = await _indicators(session)
    planned = project.planned_kpis or {}
    actual = project.actual_kpis or {}
    rows: list[dict[str, str]] = []
    for code in list(dict.fromkeys([*planned, *actual])):
        indicator = indicators.get(code)
        rows.append(
            {
                "no": str(len(rows) + 1),
                "name": indicator.name_vi if indicator else code,
                "unit": indicator.unit if indicator else "",
                "planned": _kpi_value(planned.get(code)),
                "actual": _kpi_value(actual.get(code)),
            }
        )
    return rows


def _kpi_value(value: Any) -> str:
    if isinstance(value, dict):  # baseline / result pairs
        return "; ".join(f"{k}: {_kpi_value(v)}" for k, v in value.items())
    if isinstance(value, int | float | Decimal):
        return number(value)
    return "" if value is None else str(value)


def cost_rows(project: Project) -> tuple[list[dict[str, str]], bool]:
    """The cost estimate's lines: the project's `cost_lines` when it has them, else one line
    with the project's totals. Second value: whether the lines are itemised."""
    lines = getattr(project, "cost_lines", None) or []
    if not lines:
        return [
            {
                "no": "1",
                "item": "Tổng kinh phí thực hiện đề án",
                "unit": "Đề án",
                "quantity": "1",
                "unit_price": money(project.total_cost_vnd),
                "total": money(project.total_cost_vnd),
                "support": money(project.requested_support_vnd),
                "counterpart": money(project.counterpart_vnd),
            }
        ], False
    rows = []
    for index, line in enumerate(lines, start=1):
        quantity = Decimal(str(line.get("quantity", 0)))
        unit_price = int(line.get("unit_price_vnd", 0))
        rows.append(
            {
                "no": str(index),
                "item": str(line.get("item", "")),
                "unit": str(line.get("unit", "")),
                "quantity": number(quantity),
                "unit_price": money(unit_price),
                "total": money(int(quantity * unit_price)),
                "support": money(int(line.get("support_vnd", 0))),
                "counterpart": money(int(line.get("counterpart_vnd", 0))),
            }
        )
    return rows, True


def estimate_sums(lines: list[dict[str, Any]]) -> tuple[int, int, int]:
    """Total cost, support and counterpart of cost lines (the amounts as proposed)."""
    total = sum(
        int(Decimal(str(c.get("quantity", 0))) * int(c.get("unit_price_vnd", 0))) for c in lines
    )
    support = sum(int(c.get("support_vnd", 0)) for c in lines)
    return total, support, sum(int(c.get("counterpart_vnd", 0)) for c in lines)


def adjustment_note(
    project: Project, changes: list[dict[str, str]], total: int, counterpart: int
) -> str:
    """Form 1 is the estimate as proposed; when an approved budget change has since given the
    project another total or counterpart, a line under it says so (the figures of the two must
    not read as one disagreeing estimate)."""
    if (total, counterpart) == (project.total_cost_vnd, project.counterpart_vnd):
        return ""
    decisions = "; ".join(c["decision"] for c in changes if c["kind"] == CHANGE_KIND["budget"])
    return (
        "Dự toán theo hồ sơ đề nghị. Kinh phí đề án đã được điều chỉnh"
        + (f" theo quyết định {decisions}" if decisions else "")
        + f": tổng kinh phí {money(project.total_cost_vnd)} đồng, kinh phí khuyến công hỗ trợ "
        f"được duyệt {money(project.approved_support_vnd or 0)} đồng, kinh phí đối ứng "
        f"{money(project.counterpart_vnd)} đồng."
    )


def _planned_kpis(value: Any, indicators: dict[str, KpiIndicator]) -> str:
    parts = []
    for code, target in (value or {}).items():
        indicator = indicators.get(code)
        name, unit = (indicator.name_vi, indicator.unit) if indicator else (code, "")
        parts.append(" ".join(filter(None, [name, _kpi_value(target), unit])))
    return "; ".join(parts)  # names and units have commas of their own


async def _change_details(
    change: ChangeRequest, indicators: dict[str, KpiIndicator], registry: RegistryClient
) -> str:
    """What an approved change changed, old → new as the decision reads (`Kinh phí hỗ trợ:
    220.000.000 → 200.000.000 đồng`); long texts and indicators by their new values only."""
    previous = change.previous or {}
    parts = []
    for name, new in change.changes.items():
        old = previous.get(name)
        if name in CHANGE_MONEY:
            parts.append(f"{CHANGE_MONEY[name]}: {_from_to(money(old), money(new))} đồng")
        elif name in CHANGE_DATE:
            parts.append(f"{CHANGE_DATE[name]}: {_from_to(_iso_day(old), _iso_day(new))}")
        elif name == "title":
            parts.append(f"Tên đề án: {_from_to(old, new)}")
        elif name in CHANGE_TEXT:
            parts.append(f"{CHANGE_TEXT[name]}: {new}")
        elif name == "planned_kpis":
            parts.append(f"Chỉ tiêu kế hoạch: {_planned_kpis(new, indicators)}")
        elif name == "beneficiary_enterprise_id":
            old_name, new_name = [await _enterprise_name(registry, i) for i in (old, new)]
            parts.append(f"Đơn vị thụ hưởng: {_from_to(old_name, new_name) or 'đơn vị khác'}")
        elif name == "admin_unit_code":
            parts.append(f"Địa bàn (mã đơn vị hành chính): {_from_to(old, new)}")
    return "; ".join(parts)


def _iso_day(value: Any) -> str:
    return day(date.fromisoformat(value)) if value else ""


def _from_to(old: Any, new: Any) -> str:
    """`old → new`, or the new value alone when the old one is not known."""
    return f"{old} → {new}" if old not in (None, "") else str(new or "")


async def _approved_changes(
    session: AsyncSession, project: Project, registry: RegistryClient
) -> list[dict[str, str]]:
    """The project's approved change requests (điều chỉnh đề án), in the order they were asked:
    the acceptance minutes and the settlement are signed against the project as changed."""
    rows = await changes_repository.approved(session, project.id)
    indicators = await _indicators(session)
    return [
        {
            "no": str(n),
            "kind": CHANGE_KIND.get(row.kind, row.kind),
            "details": await _change_details(row, indicators, registry),
            "decision": f"số {row.decision_number or ''} ngày {day(row.decision_date)}",
            "reason": row.reason,
        }
        for n, row in enumerate(rows, start=1)
    ]


def _payments(entries: list[dict[str, Any]]) -> tuple[list[dict[str, str]], int]:
    rows: list[dict[str, str]] = []
    total = 0
    for entry in entries:
        kind = entry.get("kind")
        if kind not in ("disbursement", "recovery"):
            continue
        value = int(entry.get("amount_vnd", 0))
        sign = -1 if kind == "recovery" else 1
        total += sign * value
        details = entry.get("details") or {}
        label = PAYMENT_KIND.get("recovery" if kind == "recovery" else details.get("kind", ""))
        rows.append(
            {
                "no": str(len(rows) + 1),
                "date": day(date.fromisoformat(str(entry.get("document_date")))),
                "reference": str(entry.get("reference") or ""),
                "kind": label or "Chi",
                "amount": ("-" if sign < 0 else "") + money(value),
            }
        )
    return rows, total


async def data(
    session: AsyncSession,
    principal: Principal,
    project_id: uuid.UUID,
    form: FormName,
    *,
    settings: ProjectsSettings,
    budget: BudgetClient,
    registry: RegistryClient,
) -> dict[str, Any]:
    """Everything the form's template shows. 404 for a project the caller may not see; 409
    `form.not_available` before the step the form records (no appraisal yet, no acceptance)."""
    project = await projects.get(session, principal, project_id)
    needed = NEEDS.get(form)
    if needed and getattr(project, needed) is None:
        raise Conflict(
            code="form.not_available",
            params={
                "form": form.value,
                "status": project.status,
                "status_label": PROJECT_STATUS.get(project.status, project.status),
            },
        )
    events = await project_repository.events(session, project.id)
    context: dict[str, Any] = {
        "form": form.value,
        "form_title": TITLES[form],
        "authority": settings.forms_authority,
        "agency": settings.forms_agency,
        "date_line": dated_line(settings.forms_place, _form_date(form, project, events)),
        "project": {
            "code": project.code,
            "title": project.title,
            "activity": await _activity_name(session, project.activity_type),
            "category": CATEGORY.get(project.category, project.category),
            "level": LEVEL.get(project.level, project.level),
            "fiscal_year": str(project.fiscal_year),
            "implementing_unit": project.implementing_unit,
            "beneficiary": await _beneficiary(registry, project),
            "start_on": day(project.start_on),
            "end_on": day(project.end_on),
            "objectives": project.objectives or "",
            "decision_number": project.decision_number or "",
            "decision_date": day(project.decision_date),
            "funding_source": FUNDING_SOURCE.get(project.funding_source or "", ""),
        },
        "total_cost": amount(project.total_cost_vnd),
        "requested_support": amount(project.requested_support_vnd),
        "counterpart": amount(project.counterpart_vnd),
        "approved_support": amount(project.approved_support_vnd),
        "accepted_support": amount(project.accepted_support_vnd),
        "changes": await _approved_changes(session, project, registry),
    }
    if form == FormName.COST_ESTIMATE:
        rows, itemised = cost_rows(project)
        context.update(lines=rows, itemised=itemised, adjustment="")
        if itemised:  # the table's and the words' totals are the lines', as proposed
            total, support, counterpart = estimate_sums(project.cost_lines or [])
            context.update(
                total_cost=amount(total),
                requested_support=amount(support),
                counterpart=amount(counterpart),
                adjustment=adjustment_note(project, context["changes"], total, counterpart),
            )
    elif form == FormName.APPRAISAL_SHEET:
        appraised = _last_event(events, "appraisal")
        appraisal = (appraised.payload or {}) if appraised else {}
        recommended = project.recommended_support_vnd
        context.update(
            score=str(project.appraisal_score),
            recommendation=RECOMMENDATION.get(str(appraisal.get("recommendation")), ""),
            recommended_support=amount(recommended),
            notes=str(appraisal.get("notes") or ""),
            appraised_on=day(appraised.document_date if appraised else None),
        )
    elif form == FormName.ACCEPTANCE_MINUTES:
        context.update(
            record_number=project.acceptance_record_number or "",
            accepted_on=day(project.accepted_on),
            kpis=await _kpis(session, project),
        )
    else:
        rows, paid = _payments(await budget.ledger_for(str(project.id)))
        accepted = project.accepted_support_vnd or 0
        context.update(
            payments=rows,
            paid=amount(paid),
            remaining=amount(max(accepted - paid, 0)),
            accepted_on=day(project.accepted_on),
            settled_on=day(project.settled_on),
        )
    return context
