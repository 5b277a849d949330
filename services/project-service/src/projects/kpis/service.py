"""KPI rules: values use catalogue codes, and roll-ups never add up percentages."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.errors import FieldError, Unprocessable
from projects.kpis import repository
from projects.kpis.models import KpiIndicator
from projects.kpis.schemas import KpiCatalogue, KpiOut, KpiRollup

PERCENT_UNIT = "%"
BASELINE_RESULT = "baseline_result"


def max_value(indicator: KpiIndicator) -> int | None:
    return 100 if indicator.unit == PERCENT_UNIT else None


def out(indicator: KpiIndicator) -> KpiOut:
    return KpiOut(
        code=indicator.code,
        name_vi=indicator.name_vi,
        name_en=indicator.name_en,
        unit=indicator.unit,
        rollup=indicator.rollup,
        kind=indicator.kind,
        max_value=max_value(indicator),
        activity_types=list(indicator.activity_types or []),
    )


async def catalogue(session: AsyncSession) -> KpiCatalogue:
    return KpiCatalogue(items=[out(i) for i in await repository.indicators(session)])


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _value_problems(indicator: KpiIndicator, field: str, value: Any) -> list[FieldError]:
    limit = max_value(indicator)
    if indicator.kind == BASELINE_RESULT:
        if not isinstance(value, Mapping) or set(value) != {"baseline", "result"}:
            return [_problem(field, "project.kpi_baseline_result", {"kpi": indicator.code})]
        return [
            p
            for side in ("baseline", "result")
            for p in _value_problems_number(f"{field}.{side}", value[side], None)
        ]
    if isinstance(value, Mapping):
        return [_problem(field, "project.kpi_one_number", {"kpi": indicator.code})]
    return _value_problems_number(field, value, limit)


def _value_problems_number(field: str, value: Any, limit: int | None) -> list[FieldError]:
    if not _number(value) or value < 0:
        return [_problem(field, "project.kpi_not_a_number")]
    if limit is not None and value > limit:
        return [_problem(field, "project.kpi_percent_above", {"max": limit})]
    return []


def _problem(field: str, key: str, params: dict[str, Any] | None = None) -> FieldError:
    return FieldError(field=field, message=key, code=key, params=params)


async def check(session: AsyncSession, field: str, kpis: Mapping[str, Any] | None) -> None:
    """422 unless every key is a catalogue code with a value of the right shape: an unknown code
    is `project.unknown_kpi` naming `<field>.<code>`, a bad value `project.kpi_invalid_value`."""
    if not kpis:
        return
    known = {i.code: i for i in await repository.indicators(session)}
    unknown = [
        _problem(f"{field}.{code}", "project.unknown_kpi_code", {"kpi": code})
        for code in kpis
        if code not in known
    ]
    if unknown:
        raise Unprocessable(
            code="project.unknown_kpi",
            params={"kpis": [e.params["kpi"] for e in unknown if e.params]},
            errors=unknown,
        )
    invalid = [
        p
        for code, value in kpis.items()
        for p in _value_problems(known[code], f"{field}.{code}", value)
    ]
    if invalid:
        raise Unprocessable(
            code="project.kpi_invalid_value",
            params={"fields": [e.field for e in invalid]},
            errors=invalid,
        )


def _tidy(value: float) -> float | int:
    """Whole numbers stay integers; the rest keep two decimals (no float noise in reports)."""
    rounded = round(value, 2)
    return int(rounded) if rounded == int(rounded) else rounded


class _Side:
    """The values of one indicator on one side (planned or actual), project by project."""

    def __init__(self) -> None:
        self.values: list[float] = []
        self.baselines: list[float] = []
        self.results: list[float] = []

    def add(self, indicator: KpiIndicator, value: Any) -> None:
        if indicator.kind == BASELINE_RESULT:
            pair = value if isinstance(value, Mapping) else {}
            if _number(pair.get("baseline")) and _number(pair.get("result")):
                self.baselines.append(pair["baseline"])
                self.results.append(pair["result"])
                self.values.append(pair["baseline"] - pair["result"])
        elif _number(value):
            self.values.append(value)

    def total(self, indicator: KpiIndicator) -> float | int | None:
        if not self.values:
            return None
        if indicator.rollup == "mean":
            return _tidy(sum(self.values) / len(self.values))
        return _tidy(sum(self.values))

    def sums(self) -> tuple[float | int | None, float | int | None]:
        if not self.baselines:
            return None, None
        return _tidy(sum(self.baselines)), _tidy(sum(self.results))


def rollup(
    indicators: Sequence[KpiIndicator],
    planned: Iterable[Mapping[str, Any] | None],
    actual: Iterable[Mapping[str, Any] | None],
) -> list[KpiRollup]:
    """Catalogue order; indicators no project has are left out; keys outside the catalogue
    (left by the migration from free text) are not counted."""
    by_code = {i.code: i for i in indicators}
    sides: dict[str, tuple[_Side, _Side]] = {i.code: (_Side(), _Side()) for i in indicators}
    for which, rows in ((0, planned), (1, actual)):
        for kpis in rows:
            for code, value in (kpis or {}).items():
                if code in by_code:
                    sides[code][which].add(by_code[code], value)
    lines = []
    for indicator in indicators:
        plan, done = sides[indicator.code]
        if not plan.values and not done.values:
            continue
        pb, pr = plan.sums()
        ab, ar = done.sums()
        lines.append(
            KpiRollup(
                code=indicator.code,
                name_vi=indicator.name_vi,
                name_en=indicator.name_en,
                unit=indicator.unit,
                rollup=indicator.rollup,
                kind=indicator.kind,
                planned=plan.total(indicator),
                actual=done.total(indicator),
                planned_projects=len(plan.values),
                actual_projects=len(done.values),
                planned_baseline=pb,
                planned_result=pr,
                actual_baseline=ab,
                actual_result=ar,
            )
        )
    return lines


async def rollup_of(
    session: AsyncSession,
    planned: Iterable[Mapping[str, Any] | None],
    actual: Iterable[Mapping[str, Any] | None],
) -> list[KpiRollup]:
    return rollup(await repository.indicators(session), planned, actual)
