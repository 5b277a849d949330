from __future__ import annotations

import uuid

from fastapi import APIRouter, Response

from budget.commitments import service
from budget.commitments.schemas import (
    CommitmentBatchIn,
    CommitmentBatchOut,
    CommitmentIn,
    CommitmentOut,
    CommitmentStatus,
    DisbursementIn,
    DisbursementOut,
    RecoveryIn,
    ReleaseIn,
)
from budget.common import Category, FiscalYear, FundingSource
from budget.idempotency.routes import Once
from budget.roles import Committer, Payer, Reader
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from kc_common.pagination import Page, PageDep

router = APIRouter(prefix="/budget", tags=["commitments"])


@router.post(
    "/commitments",
    response_model=CommitmentOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_commitment(body: CommitmentIn, principal: Committer, once: Once) -> Response:
    """Commit money of one allocation line; 409 `budget.insufficient_funds`. With a `project_id`
    only project-service's own identity may (403 `budget.use_project_workflow` for anyone else);
    without one it is money for program management costs, committed by the program manager."""
    return await once.write(
        principal, body, 201, lambda actor, key: service.commit(once.session, actor, body, key)
    )


@router.post(
    "/commitments/batch",
    response_model=CommitmentBatchOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_commitment_batch(
    body: CommitmentBatchIn, principal: Committer, once: Once
) -> Response:
    """Several commitments, all or none, in one transaction under one Idempotency-Key (an
    annual plan's approval); each is its own commitment with its own ledger entry. 409
    `budget.insufficient_funds` names every short line in `params.short_lines`
    (`fiscal_year`, `category`, `funding_source`, `requested_vnd`, `available_vnd`), and
    nothing is written. Commitments with a `project_id`: project-service only (403
    `budget.use_project_workflow`)."""
    return await once.run(
        principal, body, 201, lambda actor: service.commit_batch(once.session, actor, body)
    )


@router.get(
    "/commitments", response_model=Page[CommitmentOut], responses=problem_responses(401, 403, 422)
)
async def list_commitments(
    session: SessionDep,
    _: Reader,
    page: PageDep,
    fiscal_year: FiscalYear | None = None,
    project_id: uuid.UUID | None = None,
    category: Category | None = None,
    funding_source: FundingSource | None = None,
    status: CommitmentStatus | None = None,
) -> Page[CommitmentOut]:
    filters = {
        "fiscal_year": fiscal_year,
        "project_id": str(project_id) if project_id else None,
        "category": category.value if category else None,
        "funding_source": funding_source.value if funding_source else None,
        "status": status.value if status else None,
    }
    return await service.page(session, filters, page)


@router.get(
    "/commitments/{commitment_id}",
    response_model=CommitmentOut,
    responses=problem_responses(401, 403, 404, 422),
)
async def get_commitment(commitment_id: uuid.UUID, session: SessionDep, _: Reader) -> CommitmentOut:
    return await service.get(session, str(commitment_id))


@router.post(
    "/commitments/{commitment_id}/release",
    response_model=CommitmentOut,
    status_code=200,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def release_commitment(
    commitment_id: uuid.UUID, body: ReleaseIn, principal: Committer, once: Once
) -> Response:
    """Give back what will not be paid; releasing all that remains closes the commitment.
    A project's commitment: project-service only (403 `budget.use_project_workflow`)."""
    return await once.run(
        principal,
        body,
        200,
        lambda actor: service.release(once.session, actor, str(commitment_id), body),
    )


@router.post(
    "/commitments/{commitment_id}/recoveries",
    response_model=CommitmentOut,
    status_code=201,
    responses=problem_responses(401, 403, 404, 409, 422),
)
async def create_recovery(
    commitment_id: uuid.UUID, body: RecoveryIn, principal: Payer, once: Once
) -> Response:
    """Paid money returned (e.g. an advance after cancellation): lowers disbursed.
    A project's commitment: project-service only (403 `budget.use_project_workflow`)."""
    return await once.run(
        principal,
        body,
        201,
        lambda actor: service.recover(once.session, actor, str(commitment_id), body),
    )


@router.post(
    "/disbursements",
    response_model=DisbursementOut,
    status_code=201,
    responses=problem_responses(401, 403, 409, 422),
)
async def create_disbursement(body: DisbursementIn, principal: Payer, once: Once) -> Response:
    """Pay against a commitment; 409 `budget.over_disbursement` / `budget.advance_cap_exceeded`.
    A project's commitment: project-service only (403 `budget.use_project_workflow`)."""
    return await once.run(
        principal, body, 201, lambda actor: service.disburse(once.session, actor, body)
    )
