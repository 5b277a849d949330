"""Reference data: the KPI catalogue (chỉ tiêu) that planned and actual KPIs are chosen from.

Rows are loaded by migration, like the activity types. `kind` says what a value looks like:
`value` is one number; `baseline_result` (cleaner production) is `{"baseline": n, "result": n}`
measured before and after, so the saving is computed, never typed.
"""

from __future__ import annotations

from sqlalchemy import JSON, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from projects.db import Base


class KpiIndicator(Base):
    __tablename__ = "kpi_indicators"
    __table_args__ = ({"info": {"reference": True}},)

    code: Mapped[str] = mapped_column(String(60), primary_key=True)
    position: Mapped[int] = mapped_column(Integer, unique=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(40))
    rollup: Mapped[str] = mapped_column(String(10))  # sum | mean
    kind: Mapped[str] = mapped_column(String(20))  # value | baseline_result
    # Activity types the indicator suits (a hint for pickers; any indicator may be chosen).
    activity_types: Mapped[list[str]] = mapped_column(JSON, default=list)
