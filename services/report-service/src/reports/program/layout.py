"""Report layouts are data (`reports/layouts/*.yaml`): this reads one, checks it against the
report's rows, and lays a report out as tables that the XLSX and PDF renderers both draw."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from reports.program.schemas import ExecutionLine, KpiLine, ProjectLine, SupportLine

ROWS: dict[str, type[BaseModel]] = {
    "execution": ExecutionLine,
    "projects": ProjectLine,
    "kpis": KpiLine,
    "communes": SupportLine,
    "levels": SupportLine,
}
ADDED = ("int", "money")


class LayoutColumn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    field: str
    header: str
    kind: Literal["text", "int", "money", "number", "percent"] = "text"
    width: int | None = None
    of: tuple[str, str] | None = None  # percent: numerator and denominator fields


class LayoutSection(BaseModel):
    model_config = ConfigDict(extra="forbid")

    source: Literal["execution", "projects", "kpis", "communes", "levels"]
    heading: str
    columns: list[LayoutColumn]
    group_by: str | None = None
    subtotal: bool = False
    total: str | None = None

    @model_validator(mode="after")
    def _fields_exist(self) -> LayoutSection:
        known = set(ROWS[self.source].model_fields)
        named = [c.field for c in self.columns] + [self.group_by or self.columns[0].field]
        named += [f for c in self.columns for f in (c.of or ())]
        unknown = sorted(set(named) - known)
        if unknown:
            raise ValueError(f"{self.source}: no such field(s) {unknown}; known: {sorted(known)}")
        return self


class Layout(BaseModel):
    model_config = ConfigDict(extra="forbid")

    agency_parent: str
    agency: str
    nation: str
    motto: str
    title: str
    number_prefix: str
    unit_note: str
    sections: list[LayoutSection]


def load_layout(directory: Path, name: str = "program") -> Layout:
    """A broken layout stops the service at start, with the reason, not a report later."""
    with (directory / f"{name}.yaml").open(encoding="utf-8") as f:
        return Layout.model_validate(yaml.safe_load(f))


@dataclass
class Row:
    kind: Literal["group", "data", "subtotal", "total"]
    cells: list[Any]


@dataclass
class Table:
    heading: str
    columns: list[LayoutColumn]
    rows: list[Row] = field(default_factory=list)


def _percent(column: LayoutColumn, rows: list[dict[str, Any]]) -> float | None:
    if column.of is None:
        return None
    numerator = sum(int(r.get(column.of[0]) or 0) for r in rows)
    denominator = sum(int(r.get(column.of[1]) or 0) for r in rows)
    return round(numerator * 100 / denominator, 2) if denominator else None


def _sum_row(kind: Any, label: str, columns: list[LayoutColumn], rows: list[dict[str, Any]]) -> Row:
    cells: list[Any] = []
    for i, c in enumerate(columns):
        if c.kind in ADDED:
            cells.append(sum(int(r.get(c.field) or 0) for r in rows))
        elif c.kind == "percent":
            cells.append(_percent(c, rows))
        else:
            cells.append(label if i == 0 else None)
    return Row(kind, cells)


def tables(report: dict[str, Any], layout: Layout) -> list[Table]:
    """The report's sections as tables, in the layout's order, with its groups and sums."""
    out = []
    for section in layout.sections:
        table = Table(section.heading, section.columns)
        rows: list[dict[str, Any]] = list(report[section.source])
        groups: list[tuple[Any, list[dict[str, Any]]]] = [(None, rows)]
        if section.group_by:
            keyed: dict[Any, list[dict[str, Any]]] = {}
            for r in rows:
                keyed.setdefault(r.get(section.group_by), []).append(r)
            groups = list(keyed.items())
        for key, of in groups:
            if section.group_by:
                table.rows.append(Row("group", [key, *([None] * (len(section.columns) - 1))]))
            table.rows.extend(Row("data", [r.get(c.field) for c in section.columns]) for r in of)
            if section.group_by and section.subtotal:
                table.rows.append(_sum_row("subtotal", "Cộng", section.columns, of))
        if section.total:
            table.rows.append(_sum_row("total", section.total, section.columns, rows))
        out.append(table)
    return out
