"""The detailed cost estimate (Form 1) of a project: its sums must be the project's amounts, and
the implementing unit's management cost is capped (docs/domain.md §Cost estimate)."""

from __future__ import annotations

from decimal import Decimal

from kc_common.errors import Unprocessable
from projects.projects.schemas import CostLine, ProjectFields

# TT 28/2018/TT-BTC: an implementing unit may spend at most 2.5% of the project's khuyến công
# support on managing it (per mille, so the check stays in integers).
MANAGEMENT_CAP_PER_MILLE = 25


def amount(line: CostLine) -> int:
    """quantity × unit price, in whole đồng (422 naming the quantity otherwise)."""
    value = Decimal(str(line.quantity)) * line.unit_price_vnd
    return int(value) if value == value.to_integral_value() else -1


def check(fields: ProjectFields) -> None:
    lines = fields.cost_lines
    if lines is None:
        return
    amounts = []
    for i, line in enumerate(lines):
        value = amount(line)
        if value < 0:
            raise Unprocessable.for_field(
                f"cost_lines.{i}.quantity",
                "project.cost_line_fraction",
                code="project.cost_line_fraction",
                params={"quantity": line.quantity, "unit_price_vnd": line.unit_price_vnd},
            )
        if line.support_vnd > value:
            raise Unprocessable.for_field(
                f"cost_lines.{i}.support_vnd",
                "project.cost_line_support_above_amount",
                code="project.cost_line_support_above_amount",
                params={"support_vnd": line.support_vnd, "amount_vnd": value},
            )
        amounts.append(value)
    sums = {
        "total_cost_vnd": (sum(amounts), fields.total_cost_vnd),
        "requested_support_vnd": (sum(c.support_vnd for c in lines), fields.requested_support_vnd),
        "counterpart_vnd": (sum(c.counterpart_vnd for c in lines), fields.counterpart_vnd),
    }
    for field, (lines_vnd, project_vnd) in sums.items():
        if lines_vnd != project_vnd:
            raise Unprocessable.for_field(
                field,
                "project.cost_lines_mismatch",
                code="project.cost_lines_mismatch",
                params={"field": field, "lines_vnd": lines_vnd, "project_vnd": project_vnd},
            )
    management = sum(c.support_vnd for c in lines if c.is_management)
    cap = fields.requested_support_vnd * MANAGEMENT_CAP_PER_MILLE // 1000
    if management > cap:
        first = next(i for i, c in enumerate(lines) if c.is_management)
        raise Unprocessable.for_field(
            f"cost_lines.{first}.support_vnd",
            "project.management_cost_above_cap",
            code="project.management_cost_above_cap",
            params={"management_vnd": management, "cap_vnd": cap, "cap_percent": "2,5"},
        )
