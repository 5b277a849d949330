"""An issued report: a snapshot that never changes. The rendered files are kept as they were
issued (with their sha256), so a later change of data or layout changes nothing in them."""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    Index,
    Integer,
    LargeBinary,
    String,
    UniqueConstraint,
    Uuid,
)
from sqlalchemy.orm import Mapped, deferred, mapped_column

from kc_common.db import UTCDateTime, new_id
from reports.models import Base

PERIOD_CODES = ("q1", "q2", "q3", "q4", "h1", "year")


class IssuedReport(Base):
    __tablename__ = "issued_reports"
    __table_args__ = (
        # Two issuers racing for the next number: the second insert fails and takes the next.
        UniqueConstraint("year", "seq", name="uq_issued_reports_year_seq"),
        UniqueConstraint("number"),
        CheckConstraint("seq > 0", name="seq_positive"),
        CheckConstraint("period IN ('q1', 'q2', 'q3', 'q4', 'h1', 'year')", name="period_known"),
        CheckConstraint("length(sha256) = 64", name="sha256_length"),
        # An issuer's retry (Idempotency-Key) finds the report it already issued.
        Index("uq_issued_reports_issuer_key", "issued_by", "idempotency_key", unique=True),
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=new_id)
    number: Mapped[str] = mapped_column(String(40))
    year: Mapped[int] = mapped_column(Integer, index=True)
    seq: Mapped[int] = mapped_column(Integer)
    period: Mapped[str] = mapped_column(String(8))
    # The report's data as issued (the JSON format) and its sha256; the XLSX and PDF files as
    # issued and theirs.
    sha256: Mapped[str] = mapped_column(String(64))
    content_json: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256_xlsx: Mapped[str] = mapped_column(String(64))
    content_xlsx: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    sha256_pdf: Mapped[str] = mapped_column(String(64))
    content_pdf: Mapped[bytes] = deferred(mapped_column(LargeBinary, nullable=False))
    issued_by: Mapped[str] = mapped_column(String(200))
    issued_by_name: Mapped[str | None] = mapped_column(String(200), nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), nullable=True)
