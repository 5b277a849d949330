"""The detailed cost estimate (Form 1) of a project: its sums must be the project's amounts, and
the implementing unit's management cost is capped (docs/domain.md §Cost estimate)."""

from __future__ import annotations

from collections.abc import Sequence
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
    if fields.cost_lines is not None:
        check_lines(
            fields.cost_lines,
            total_cost_vnd=fields.total_cost_vnd,
            requested_support_vnd=fields.requested_support_vnd,
            counterpart_vnd=fields.counterpart_vnd,
        )


def check_lines(
    lines: Sequence[CostLine],
    *,
    total_cost_vnd: int,
    requested_support_vnd: int,
    counterpart_vnd: int,
    prefix: str = "",
    sums_field: str | None = None,
) -> None:
    """`lines` must add up to the three amounts, each line whole and the management cost under
    its cap. 422 naming `{prefix}cost_lines.<i>.<field>` for a line, and for sums that differ the
    amount (or `sums_field` when the amounts are not the caller's to edit)."""
    amounts = []
    for i, line in enumerate(lines):
        value = amount(line)
        if value < 0:
            raise Unprocessable.for_field(
                f"{prefix}cost_lines.{i}.quantity",
                "project.cost_line_fraction",
                code="project.cost_line_fraction",
                params={"quantity": line.quantity, "unit_price_vnd": line.unit_price_vnd},
            )
        if line.support_vnd > value:
            raise Unprocessable.for_field(
                f"{prefix}cost_lines.{i}.support_vnd",
                "project.cost_line_support_above_amount",
                code="project.cost_line_support_above_amount",
                params={"support_vnd": line.support_vnd, "amount_vnd": value},
            )
        amounts.append(value)
    sums = {
        "total_cost_vnd": (sum(amounts), total_cost_vnd),
        "requested_support_vnd": (sum(c.support_vnd for c in lines), requested_support_vnd),
        "counterpart_vnd": (sum(c.counterpart_vnd for c in lines), counterpart_vnd),
    }
    for field, (lines_vnd, project_vnd) in sums.items():
        if lines_vnd != project_vnd:
            raise Unprocessable.for_field(
                sums_field or f"{prefix}{field}",
                "project.cost_lines_mismatch",
                code="project.cost_lines_mismatch",
                params={"field": field, "lines_vnd": lines_vnd, "project_vnd": project_vnd},
            )
    management = sum(c.support_vnd for c in lines if c.is_management)
    cap = requested_support_vnd * MANAGEMENT_CAP_PER_MILLE // 1000
    if management > cap:
        first = next(i for i, c in enumerate(lines) if c.is_management)
        raise Unprocessable.for_field(
            f"{prefix}cost_lines.{first}.support_vnd",
            "project.management_cost_above_cap",
            code="project.management_cost_above_cap",
            params={"management_vnd": management, "cap_vnd": cap, "cap_percent": "2,5"},
        )
