from __future__ import annotations

import uuid
from typing import Annotated, Literal

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from kc_common.auth import ENTERPRISE, STAFF_ROLES, VIEWER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from projects.documents.routes import content_disposition
from projects.documents.sniff import DOCX, PDF
from projects.forms import render, service
from projects.forms.service import FormName

router = APIRouter(tags=["forms"])

Reader = Annotated[
    Principal, Depends(require(*STAFF_ROLES, VIEWER, ENTERPRISE, scopes=["projects:read"]))
]


@router.get(
    "/projects/{project_id}/forms/{form}",
    response_class=Response,
    responses={
        **problem_responses(401, 403, 404, 409, 422, 503),
        200: {
            "description": "The filled form, ready to print and sign",
            "content": {DOCX: {}, PDF: {}},
        },
    },
    summary="An official form filled from the project's record",
    description="`cost_estimate` (Form 1), `appraisal_sheet` (4a, after the appraisal), "
    "`acceptance_minutes` (5a, after acceptance), `settlement` (7, after acceptance; the "
    "payments come from the budget ledger). Vietnamese, with the national heading and amounts "
    "in figures and in words. 409 `form.not_available` before the step the form records.",
)
async def project_form(
    request: Request,
    session: SessionDep,
    principal: Reader,
    project_id: uuid.UUID,
    form: FormName,
    format: Literal["docx", "pdf"] = "pdf",
) -> Response:
    saga = request.app.state.saga
    context = await service.data(
        session,
        principal,
        project_id,
        form,
        settings=request.app.state.settings,
        budget=saga.budget,
        registry=saga.registry,
    )
    renderer = render.pdf if format == "pdf" else render.docx
    body = await to_thread.run_sync(renderer, form.value, context)
    filename = f"{service.TITLES[form]} - {context['project']['code']}.{format}"
    return Response(
        body,
        media_type=PDF if format == "pdf" else DOCX,
        headers={
            "Content-Disposition": content_disposition(filename),
            "Cache-Control": "private, no-store",
        },
    )
