"""Bến Cát became a city on 2024-05-01, not 2023-04-10

Resolution 1012/NQ-UBTVQH15 (adopted 2024-03-19, in force 2024-05-01) made the town of Bến Cát a
city; the reference data had given it Tân Uyên's date (Resolution 725/NQ-UBTVQH15, 2023-04-10).
Moves the boundary between its two rows; Tân Uyên is unchanged.

Revision ID: b3c8e1f0a7d2
Revises: 020130f0b132
Create Date: 2026-11-26 09:30:00
"""

from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from alembic import op

revision: str = "b3c8e1f0a7d2"
down_revision: str | None = "020130f0b132"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BEN_CAT = "721"
TOWN_FROM = date(1900, 1, 1)  # the town row: start not recorded
OLD = (date(2023, 4, 10), "Resolution 725/NQ-UBTVQH15: town → city from 2023-04-10")
NEW = (date(2024, 5, 1), "Resolution 1012/NQ-UBTVQH15: town → city from 2024-05-01")

units = sa.table(
    "admin_units",
    sa.column("code", sa.String),
    sa.column("valid_from", sa.Date),
    sa.column("valid_to", sa.Date),
    sa.column("note", sa.String),
)


def _move(from_: tuple[date, str], to: tuple[date, str]) -> None:
    (old_start, _), (new_start, note) = from_, to
    op.execute(
        units.update()
        .where(units.c.code == BEN_CAT, units.c.valid_from == TOWN_FROM)
        .values(valid_to=date.fromordinal(new_start.toordinal() - 1), note=note)
    )
    op.execute(
        units.update()
        .where(units.c.code == BEN_CAT, units.c.valid_from == old_start)
        .values(valid_from=new_start, note=note)
    )


def upgrade() -> None:
    _move(OLD, NEW)


def downgrade() -> None:
    _move(NEW, OLD)
