"""the ledger is chained per allocation line, with signed checkpoints over the chains' heads

Every entry written so far stays exactly as it was hashed, as one chain named "legacy"
(`chain_seq` = its `seq`, hash versions 1 and 2 unchanged), whose head is the old single head.
Nothing is re-hashed: re-chaining would sign whatever the rows hold today, including a change
made behind the ledger's back, and make the old entries' hashes (which may have been copied
elsewhere) useless as evidence. New entries (hash version 3) go to their line's own chain.

`ledger_head` (one row) becomes `ledger_chain_heads` (one row per chain); `ledger_checkpoints`
holds the signed checkpoints; on PostgreSQL `ledger_entry_seq` numbers new entries after the
last old one.

Downgrade: the single head again, at the entry with the highest `seq`. Entries written after the
upgrade keep their version-3 hashes, which the code before it cannot check: its verify then
reports the first of them; a downgrade is for getting back to a running service, not a way to
keep the new chains' evidence.

Revision ID: 5e2b7c9d1a30
Revises: 9c3d4e5f6a71
Create Date: 2026-12-12 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "5e2b7c9d1a30"
down_revision: str | None = "9c3d4e5f6a71"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("chain", sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column("chain_seq", sa.BigInteger(), nullable=True))
    op.execute("UPDATE ledger_entries SET chain = 'legacy', chain_seq = seq")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.alter_column("chain", existing_type=sa.String(length=80), nullable=False)
        batch_op.alter_column("chain_seq", existing_type=sa.BigInteger(), nullable=False)
        batch_op.create_unique_constraint(
            batch_op.f("uq_ledger_entries_chain_seq"), ["chain", "chain_seq"]
        )

    op.create_table(
        "ledger_chain_heads",
        sa.Column("chain", sa.String(length=80), nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_seq", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_ledger_chain_heads")),
    )
    op.execute(
        "INSERT INTO ledger_chain_heads (chain, seq, last_hash, prev_hash, entry_seq) "
        "SELECT 'legacy', seq, last_hash, prev_hash, seq FROM ledger_head WHERE seq > 0"
    )
    op.drop_table("ledger_head")

    op.create_table(
        "ledger_checkpoints",
        sa.Column("seq", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("signature", sa.String(length=128), nullable=False),
        sa.PrimaryKeyConstraint("seq", name=op.f("pk_ledger_checkpoints")),
    )

    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE SEQUENCE ledger_entry_seq")
        op.execute(
            "SELECT setval('ledger_entry_seq', "
            "(SELECT COALESCE(MAX(seq), 0) + 1 FROM ledger_entries), false)"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP SEQUENCE ledger_entry_seq")
    op.drop_table("ledger_checkpoints")
    op.create_table(
        "ledger_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_ledger_head")),
    )
    op.execute(
        "INSERT INTO ledger_head (id, seq, last_hash, prev_hash) "
        "SELECT 1, seq, hash, prev_hash FROM ledger_entries "
        "WHERE seq = (SELECT MAX(seq) FROM ledger_entries)"
    )
    op.drop_table("ledger_chain_heads")
    with op.batch_alter_table("ledger_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_ledger_entries_chain_seq"), type_="unique")
        batch_op.drop_column("chain_seq")
        batch_op.drop_column("chain")
