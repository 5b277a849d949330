"""An index on refresh_tokens.revoked_at: the revocation list publishes the sign-in sessions
ended lately (logout revokes the session's access tokens too), read every second

Revision ID: e7a1c3b5d9f2
Revises: d5e8f1a2b3c4
Create Date: 2026-12-07 19:30:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "e7a1c3b5d9f2"
down_revision: str | None = "d5e8f1a2b3c4"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.create_index("ix_refresh_tokens_revoked_at", ["revoked_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("refresh_tokens", schema=None) as batch_op:
        batch_op.drop_index("ix_refresh_tokens_revoked_at")
