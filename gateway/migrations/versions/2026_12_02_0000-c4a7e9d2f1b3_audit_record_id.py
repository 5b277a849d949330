"""The record an audit event concerns (`record_id`), filled for existing write events

New events get it from the gateway (the id in the path, or the id a creation answered with);
here, existing write events get the id in their path: the first UUID, or the year of a
`/budget/years/{year}/…` request. Creations recorded before this keep none.

Revision ID: c4a7e9d2f1b3
Revises: b7e1d2c3a4f5
Create Date: 2026-12-02 00:00:00
"""

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c4a7e9d2f1b3"
down_revision: str | None = "b7e1d2c3a4f5"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_UUID = re.compile(
    r"/([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
)
_YEAR = re.compile(r"^/api/v1/budget/years/(\d{4})(?:/|$)")

events = sa.table(
    "audit_events",
    sa.column("id", sa.Uuid),
    sa.column("kind", sa.String),
    sa.column("path", sa.String),
    sa.column("record_id", sa.String),
)


def upgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("record_id", sa.String(length=64), nullable=True))
        batch_op.create_index(batch_op.f("ix_audit_events_record_id"), ["record_id"], unique=False)
    bind = op.get_bind()
    rows = bind.execute(
        sa.select(events.c.id, events.c.path).where(
            events.c.kind == "request.write", events.c.path.is_not(None)
        )
    ).all()
    for event_id, path in rows:
        found = _YEAR.match(path) or _UUID.search(path)
        if found:
            bind.execute(
                events.update().where(events.c.id == event_id).values(record_id=found.group(1))
            )


def downgrade() -> None:
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_record_id"))
        batch_op.drop_column("record_id")
