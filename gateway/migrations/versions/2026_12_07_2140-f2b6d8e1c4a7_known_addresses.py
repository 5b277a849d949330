"""known_addresses: where each user signed in with their password, and when last; the
account-wide lockout does not shut its owner out of those addresses

Revision ID: f2b6d8e1c4a7
Revises: e7a1c3b5d9f2
Create Date: 2026-12-07 21:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "f2b6d8e1c4a7"
down_revision: str | None = "e7a1c3b5d9f2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "known_addresses",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("address", sa.String(length=64), nullable=False),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_known_addresses_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("user_id", "address", name=op.f("pk_known_addresses")),
    )


def downgrade() -> None:
    op.drop_table("known_addresses")
