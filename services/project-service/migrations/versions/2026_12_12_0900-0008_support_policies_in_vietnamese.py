"""The seeded support policies' basis and notes in Vietnamese

The first migration seeded "default of this system" as the legal basis of the rows no circular
fixes, and English notes; the basis is shown to officials (the project form's hint, the
`project.support_above_policy` message). Rows a province has edited since are left as they are.

Revision ID: 0008_policies_vi
Revises: 0007_title_key
Create Date: 2026-12-12 09:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_policies_vi"
down_revision: str | None = "0007_title_key"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LEGAL_BASIS = {"default of this system": "Mức mặc định của hệ thống"}
NOTES = {
    "set per program": "do từng chương trình quy định",
    "training costs supported in full; set per program": (
        "hỗ trợ toàn bộ chi phí đào tạo; do từng chương trình quy định"
    ),
    "per enterprise; paid in full after acceptance": (
        "cho mỗi doanh nghiệp; chi một lần sau khi nghiệm thu"
    ),
    "per establishment; 450,000,000 VND for a production line": (
        "cho mỗi cơ sở; 450.000.000 đồng đối với một dây chuyền sản xuất"
    ),
    "as a demonstration model": "như mô hình trình diễn",
    "organising costs": "chi phí tổ chức",
    "booth, publicity and organising costs": "chi phí gian hàng, quảng bá và tổ chức",
    "organising costs; set per program": "chi phí tổ chức; do từng chương trình quy định",
    "advances capped at 30%": "tạm ứng tối đa 30%",
    "at an establishment": "tại một cơ sở",
}


_POLICIES = sa.table("support_policies", sa.column("legal_basis"), sa.column("note"))


def _rename(column: str, names: dict[str, str]) -> None:
    conn = op.get_bind()
    target = _POLICIES.c[column]
    for old, new in names.items():
        conn.execute(_POLICIES.update().where(target == old).values({column: new}))


def upgrade() -> None:
    _rename("legal_basis", LEGAL_BASIS)
    _rename("note", NOTES)


def downgrade() -> None:
    _rename("legal_basis", {v: k for k, v in LEGAL_BASIS.items()})
    _rename("note", {v: k for k, v in NOTES.items()})
