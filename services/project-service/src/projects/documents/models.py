"""Files attached to a project (hồ sơ, quyết định, biên bản, chứng từ). A row is written once:
a new upload of the same kind and file name is the next version and supersedes the earlier."""

from __future__ import annotations

import uuid
from datetime import datetime
from enum import StrEnum

from sqlalchemy import BigInteger, CheckConstraint, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kc_common.db import UTCDateTime
from kc_common.localtime import utcnow
from projects.db import Base


class DocumentKind(StrEnum):
    DOSSIER = "dossier"
    PROPOSAL_LETTER = "proposal_letter"
    APPRAISAL_MINUTES = "appraisal_minutes"
    APPROVAL_DECISION = "approval_decision"
    CONTRACT = "contract"
    ACCEPTANCE_MINUTES = "acceptance_minutes"
    SETTLEMENT = "settlement"
    VOUCHER = "voucher"
    OTHER = "other"


KINDS = tuple(k.value for k in DocumentKind)
# What an enterprise (the applicant) produces and may attach to its own project. Decisions,
# minutes, settlements and vouchers are issued by the authority: staff attach those, so that
# an enterprise cannot put its own file in their place (as a new version of the same name).
ENTERPRISE_KINDS = (
    DocumentKind.DOSSIER.value,
    DocumentKind.PROPOSAL_LETTER.value,
    DocumentKind.CONTRACT.value,
    DocumentKind.OTHER.value,
)


class Document(Base):
    __tablename__ = "project_documents"
    __table_args__ = (
        # two uploads racing for the same version: the database lets one through
        UniqueConstraint("project_id", "kind", "filename", "version"),
        CheckConstraint("size_bytes >= 0", name="size_not_negative"),
        CheckConstraint("version >= 1", name="version_positive"),
        CheckConstraint("kind IN (" + ", ".join(f"'{k}'" for k in KINDS) + ")", name="kind_known"),
    )

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    project_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("projects.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(String(30))
    filename: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    version: Mapped[int] = mapped_column(Integer, default=1)
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    uploaded_by: Mapped[str] = mapped_column(String(200))
    uploaded_by_sub: Mapped[str] = mapped_column(String(200))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
