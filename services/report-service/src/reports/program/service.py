"""The program report: figures read from budget, projects and the registry, put together.

Periods (`q1`…`q4`, `h1`) count the money events of the fiscal year whose document date is on or
before the period's last day: a report is cumulative from the start of the year (lũy kế từ đầu
năm), as the province's periodic reports are. `year` counts every event of the fiscal year,
including those dated in the adjustment period after 31 December, so the year's report is the
ledger as it stands and agrees with the budget summary to the đồng. Allocations are the year's
plan as it stands (a plan, not a money event); KPIs are the projects' as they stand.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from kc_common.labels import CATEGORY, FUNDING_SOURCE, LEVEL, PROJECT_STATUS
from kc_common.localtime import utcnow
from reports.program.schemas import (
    ExecutionLine,
    KpiLine,
    Money,
    Period,
    ProgramRef,
    ProgramReport,
    ProjectLine,
    SupportLine,
)
from reports.upstream import BudgetReader, ProjectsReader, RegistryReader

PERIODS: dict[str, tuple[str, int, int]] = {
    # period: (label, first month, last month)
    "q1": ("Quý I", 1, 3),
    "q2": ("Quý II", 4, 6),
    "q3": ("Quý III", 7, 9),
    "q4": ("Quý IV", 10, 12),
    "h1": ("6 tháng đầu", 1, 6),
    "year": ("Năm", 1, 12),
}
_MONTH_END = {3: 31, 6: 30, 9: 30, 12: 31}
ROLLUP_LABELS = {"sum": "Tổng", "mean": "Bình quân"}
NOT_LIVE = ("rejected", "cancelled")
SOURCE_ORDER = {"national": 0, "local": 1, "other": 2}
# Lines read in the Decree's order of the activity groups (CATEGORY's), as the budget pages do,
# not in the codes' alphabetical order; a line without a group comes last.
CATEGORY_ORDER = {code: i for i, code in enumerate(CATEGORY)}
UNKNOWN_UNIT = "Chưa xác định địa bàn"


@dataclass
class Readers:
    budget: BudgetReader
    projects: ProjectsReader
    registry: RegistryReader


def period_bounds(year: int, period: str) -> tuple[date, date]:
    """The period's first and last day (a quarter, the first half, or the calendar year)."""
    _label, first, last = PERIODS[period]
    return date(year, first, 1), date(year, last, _MONTH_END[last])


def period_label(year: int, period: str) -> str:
    return f"Năm {year}" if period == "year" else f"{PERIODS[period][0]} năm {year}"


def money_to(
    entries: Iterable[Mapping[str, Any]], end: date | None
) -> tuple[dict[tuple[str | None, str], list[int]], dict[str, list[int]]]:
    """Committed and disbursed (net) from the ledger's money events dated up to `end` (None:
    all), per (category, source) and per project. The same arithmetic as the budget lines:
    commitment +, release −; disbursement +, recovery − (and a recovery on a closed commitment
    is released too)."""
    lines: dict[tuple[str | None, str], list[int]] = defaultdict(lambda: [0, 0])
    projects: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for e in entries:
        if end is not None and date.fromisoformat(str(e["document_date"])) > end:
            continue
        kind, amount = e["kind"], int(e["amount_vnd"])
        committed = disbursed = 0
        if kind == "commitment":
            committed = amount
        elif kind == "release":
            committed = -amount
        elif kind == "disbursement":
            disbursed = amount
        elif kind == "recovery":
            disbursed = -amount
            if (e.get("details") or {}).get("released"):
                committed = -amount
        else:
            continue
        for totals in (
            lines[(e.get("category"), str(e.get("funding_source")))],
            *([projects[str(e["project_id"])]] if e.get("project_id") else []),
        ):
            totals[0] += committed
            totals[1] += disbursed
    return lines, projects


def rate(disbursed: int, allocated: int) -> float | None:
    return round(disbursed * 100 / allocated, 2) if allocated else None


def _money(allocated: int, committed: int, disbursed: int) -> dict[str, Any]:
    return {
        "allocated_vnd": allocated,
        "committed_vnd": committed,
        "disbursed_vnd": disbursed,
        "disbursement_rate_percent": rate(disbursed, allocated),
    }


def _execution(
    summary: Mapping[str, Any], lines: Mapping[tuple[str | None, str], list[int]]
) -> tuple[list[ExecutionLine], list[ExecutionLine], Money]:
    rows: list[ExecutionLine] = []
    keys = {(ln.get("category"), str(ln["funding_source"])) for ln in summary.get("lines", [])}
    allocated = {
        (ln.get("category"), str(ln["funding_source"])): int(ln["allocated_vnd"])
        for ln in summary.get("lines", [])
    }
    keys |= {k for k, v in lines.items() if v != [0, 0]}
    ordered = sorted(
        keys,
        key=lambda k: (
            SOURCE_ORDER.get(k[1], 9),
            k[1],
            CATEGORY_ORDER.get(k[0] or "", len(CATEGORY_ORDER)),
            k[0] or "",
        ),
    )
    for category, source in ordered:
        committed, disbursed = lines.get((category, source), [0, 0])
        rows.append(
            ExecutionLine(
                category=category,
                category_label=CATEGORY.get(category or "", category or "Không phân loại"),
                funding_source=source,
                funding_source_label=FUNDING_SOURCE.get(source, source),
                **_money(allocated.get((category, source), 0), committed, disbursed),
            )
        )
    by_source: list[ExecutionLine] = []
    for source in sorted({r.funding_source for r in rows}, key=lambda s: SOURCE_ORDER.get(s, 9)):
        of = [r for r in rows if r.funding_source == source]
        by_source.append(
            ExecutionLine(
                category=None,
                category_label="Cộng nguồn",
                funding_source=source,
                funding_source_label=FUNDING_SOURCE.get(source, source),
                **_money(*(sum(getattr(r, f) for r in of) for f in _MONEY_FIELDS)),
            )
        )
    total = Money(**_money(*(sum(getattr(r, f) for r in rows) for f in _MONEY_FIELDS)))
    return rows, by_source, total


_MONEY_FIELDS = ("allocated_vnd", "committed_vnd", "disbursed_vnd")


def _projects(
    items: Iterable[Mapping[str, Any]], money: Mapping[str, list[int]]
) -> list[ProjectLine]:
    rows = []
    for p in sorted(items, key=lambda p: str(p["code"])):
        committed, disbursed = money.get(str(p["id"]), [0, 0])
        live = p["status"] not in NOT_LIVE
        rows.append(
            ProjectLine(
                id=str(p["id"]),
                code=str(p["code"]),
                title=str(p["title"]),
                category=str(p["category"]),
                category_label=CATEGORY.get(str(p["category"]), str(p["category"])),
                level=str(p["level"]),
                level_label=LEVEL.get(str(p["level"]), str(p["level"])),
                status=str(p["status"]),
                status_label=PROJECT_STATUS.get(str(p["status"]), str(p["status"])),
                admin_unit_code=p.get("admin_unit_code"),
                approved_support_vnd=int(p.get("approved_support_vnd") or 0) if live else 0,
                committed_vnd=committed,
                disbursed_vnd=disbursed,
                percent_complete=int(p.get("percent_complete") or 0),
            )
        )
    return rows


def _kpis(stats: Mapping[str, Any]) -> list[KpiLine]:
    items = (stats.get("kpis") or {}).get("items") or []
    return [
        KpiLine(
            code=str(k["code"]),
            name=str(k["name_vi"]),
            unit=str(k["unit"]),
            rollup=str(k["rollup"]),
            rollup_label=ROLLUP_LABELS.get(str(k["rollup"]), str(k["rollup"])),
            planned=k.get("planned"),
            actual=k.get("actual"),
            planned_projects=int(k.get("planned_projects") or 0),
            actual_projects=int(k.get("actual_projects") or 0),
        )
        for k in items
    ]


def _unit_name(unit: Mapping[str, Any]) -> str:
    name = str(unit["name"])
    kind = unit.get("unit_type_name")
    return f"{kind} {name}" if kind and not name.startswith(str(kind)) else name


def _support(
    projects: list[ProjectLine],
    key: Any,
    label: Any,
    new_unit: Any = lambda _k: None,
) -> list[SupportLine]:
    groups: dict[str | None, list[ProjectLine]] = defaultdict(list)
    for p in projects:
        groups[key(p)].append(p)
    return [
        SupportLine(
            key=k,
            label=label(k),
            new_unit=new_unit(k),
            projects=len(of),
            approved_support_vnd=sum(p.approved_support_vnd for p in of),
            committed_vnd=sum(p.committed_vnd for p in of),
            disbursed_vnd=sum(p.disbursed_vnd for p in of),
        )
        for k, of in sorted(groups.items(), key=lambda kv: (kv[0] is None, kv[0] or ""))
    ]


def _communes(projects: list[ProjectLine], units: Mapping[str, Any]) -> list[SupportLine]:
    def label(code: str | None) -> str:
        unit = units.get(code or "")
        return _unit_name(unit) if unit else (code or UNKNOWN_UNIT)

    def became(code: str | None) -> str | None:
        unit = units.get(code or "")
        if not unit:
            return None
        successors = unit.get("successors") or []
        if not successors:
            return _unit_name(unit)  # still in force: the same unit
        return "; ".join(str(s["name"]) for s in successors)

    return _support(projects, lambda p: p.admin_unit_code, label, became)


def _levels(projects: list[ProjectLine]) -> list[SupportLine]:
    return _support(projects, lambda p: p.level, lambda k: LEVEL.get(k or "", k or ""))


async def program_report(readers: Readers, year: int, period: Period) -> ProgramReport:
    summary = await readers.budget.summary(year)
    entries = await readers.budget.ledger(year)
    project_items = await readers.projects.projects(year)
    stats = await readers.projects.stats(year)
    codes = {str(p["admin_unit_code"]) for p in project_items if p.get("admin_unit_code")}
    units = await readers.registry.admin_units() if codes else {}
    start, end = period_bounds(year, period)
    lines, by_project = money_to(entries, None if period == "year" else end)
    execution, by_source, total = _execution(summary, lines)
    projects = _projects(project_items, by_project)
    program = summary.get("program")
    return ProgramReport(
        year=year,
        period=period,
        period_label=period_label(year, period),
        period_start=start,
        period_end=end,
        counts_all_year=period == "year",
        generated_at=utcnow(),
        program=ProgramRef(code=program["code"], name=program["name"]) if program else None,
        execution=execution,
        execution_by_source=by_source,
        execution_total=total,
        projects=projects,
        kpis=_kpis(stats),
        communes=_communes(projects, units),
        levels=_levels(projects),
    )
