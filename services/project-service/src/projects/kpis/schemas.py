from __future__ import annotations

from typing import Literal

from pydantic import BaseModel

Rollup = Literal["sum", "mean"]
Kind = Literal["value", "baseline_result"]


class KpiOut(BaseModel):
    code: str
    name_vi: str
    name_en: str
    unit: str
    rollup: Rollup
    kind: Kind
    max_value: int | None  # 100 for percentages
    activity_types: list[str]


class KpiCatalogue(BaseModel):
    items: list[KpiOut]


class KpiRollup(BaseModel):
    """One indicator over many projects: `sum` indicators add up, `mean` ones (percentages) are
    averaged over the projects that have them; for `baseline_result` the value is the saving
    Σ(baseline − result) and the sums of both sides are given too."""

    code: str
    name_vi: str
    name_en: str
    unit: str
    rollup: Rollup
    kind: Kind
    planned: float | int | None
    actual: float | int | None
    planned_projects: int
    actual_projects: int
    planned_baseline: float | int | None = None
    planned_result: float | int | None = None
    actual_baseline: float | int | None = None
    actual_result: float | int | None = None
