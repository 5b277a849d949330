from __future__ import annotations

import base64
import uuid
from dataclasses import asdict
from datetime import date
from enum import StrEnum
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from budget.common import FiscalYear
from budget.ledger import exports, repository, service, verification
from budget.ledger.schemas import LedgerEntryOut, LedgerVerification
from budget.roles import Reader
from kc_common.db import SessionDep
from kc_common.errors import Unprocessable, problem_responses
from kc_common.exports import (
    EXPORT_RESPONSE,
    ExportFormat,
    export_response,
    session_engine,
    stream_select,
)
from kc_common.pagination import Page, PageDep

router = APIRouter(prefix="/budget/ledger", tags=["ledger"])


class LedgerKind(StrEnum):
    appropriation = "appropriation"
    allocation = "allocation"
    reallocation_out = "reallocation_out"
    reallocation_in = "reallocation_in"
    carry_over_out = "carry_over_out"
    carry_over_in = "carry_over_in"
    commitment = "commitment"
    increase = "increase"
    release = "release"
    disbursement = "disbursement"
    recovery = "recovery"


def ledger_filters(
    fiscal_year: Annotated[FiscalYear | None, Query()] = None,
    project_id: uuid.UUID | None = None,
    commitment_id: uuid.UUID | None = None,
    kind: LedgerKind | None = None,
    document_date_from: Annotated[
        date | None, Query(description="Entries whose document is dated on or after this day")
    ] = None,
    document_date_to: Annotated[
        date | None, Query(description="Entries whose document is dated on or before this day")
    ] = None,
) -> dict[str, Any]:
    return {
        "fiscal_year": fiscal_year,
        "project_id": str(project_id) if project_id else None,
        "commitment_id": str(commitment_id) if commitment_id else None,
        "kind": kind.value if kind else None,
        "document_date_from": document_date_from,
        "document_date_to": document_date_to,
    }


Filters = Annotated[dict[str, Any], Depends(ledger_filters)]


@router.get("", response_model=Page[LedgerEntryOut], responses=problem_responses(401, 403, 422))
async def list_ledger(
    session: SessionDep, _: Reader, page: PageDep, filters: Filters
) -> Page[LedgerEntryOut]:
    """Ledger entries in chain order."""
    return (await service.list_entries(session, filters, page)).map(LedgerEntryOut.model_validate)


@router.get(
    "/export",
    responses={**problem_responses(401, 403, 422), **EXPORT_RESPONSE},
    response_class=Response,
    summary="Export the ledger entries a list with the same filters would show",
)
async def export_ledger(
    session: SessionDep, _: Reader, filters: Filters, format: ExportFormat = "csv"
) -> Response:
    rows = stream_select(session_engine(session), repository.export_query(filters))
    return await export_response(format, exports.COLUMNS, rows, stem="so-cai", sheet="Sổ cái")


@router.get(
    "/verify",
    response_model=LedgerVerification,
    response_model_exclude_none=True,
    responses=problem_responses(401, 403),
)
async def verify_ledger(
    request: Request,
    session: SessionDep,
    _: Reader,
    checkpoint_seq: Annotated[int | None, Query(ge=1, le=2**62)] = None,
    checkpoint_signature: Annotated[str | None, Query(max_length=200)] = None,
) -> LedgerVerification:
    """Recompute every chain (one per allocation line) and check the signed checkpoints of
    their heads; name the first entry, in ledger order, that does not match. Given a checkpoint
    kept outside the database (`checkpoint_seq` and `checkpoint_signature`, both, as
    `GET /public/budget/ledger-checkpoint` gave them), the ledger must still hold exactly that
    checkpoint (`problem` = `kept_checkpoint` if not)."""
    kept = _kept(checkpoint_seq, checkpoint_signature)
    signer = request.app.state.ledger_signer
    workers = request.app.state.settings.ledger_verify_workers
    found = await service.verify(session, signer, workers=workers, kept=kept)
    return LedgerVerification(**asdict(found))


def _kept(seq: int | None, signature: str | None) -> verification.Kept | None:
    blank = signature is None or not signature.strip()  # "  ": a missing one, not a wrong copy
    if seq is None and blank:
        return None
    if seq is None:
        raise Unprocessable.for_field("checkpoint_seq", "validation.missing")
    if signature is None or blank:
        raise Unprocessable.for_field("checkpoint_signature", "validation.missing")
    return verification.Kept(seq, _signature(signature))


def _is_signature(value: str) -> bool:
    """Whether `value` is an Ed25519 signature in base64 (88 characters, 64 bytes)."""
    if len(value) != 88:
        return False
    try:
        return len(base64.b64decode(value, validate=True)) == 64
    except ValueError:
        return False


def _signature(raw: str) -> str:
    """base64's "+" arrives as a space when the signature was pasted into a URL unencoded, and
    a signature may start with "+": every space reads as "+" when that makes a signature, else
    the spaces around it are dropped first (a signature ends in "==": trailing ones always)."""
    raw = raw.rstrip()
    plus = raw.replace(" ", "+")
    return plus if _is_signature(plus) else raw.strip().replace(" ", "+")
