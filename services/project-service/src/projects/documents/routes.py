from __future__ import annotations

import uuid
from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import StreamingResponse

from kc_common.auth import ENTERPRISE, STAFF_ROLES, VIEWER, Principal, require
from kc_common.db import SessionDep
from kc_common.errors import problem_responses
from projects.documents import service
from projects.documents.models import DocumentKind
from projects.documents.schemas import DocumentList, DocumentOut
from projects.documents.storage import DocumentStorage

router = APIRouter(tags=["documents"])

Reader = Annotated[
    Principal, Depends(require(*STAFF_ROLES, VIEWER, ENTERPRISE, scopes=["projects:read"]))
]
# viewers read only; an enterprise uploads to its own projects (the project's 404 otherwise)
Uploader = Annotated[Principal, Depends(require(*STAFF_ROLES, ENTERPRISE))]


def storage_of(request: Request) -> DocumentStorage:
    storage: DocumentStorage = request.app.state.storage
    return storage


Storage = Annotated[DocumentStorage, Depends(storage_of)]


def content_disposition(filename: str) -> str:
    """RFC 6266: an ASCII fallback for old clients and the real (Vietnamese) name in
    `filename*` as UTF-8, percent-encoded."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;%' else "_" for c in filename)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


@router.post(
    "/projects/{project_id}/documents",
    response_model=DocumentOut,
    status_code=201,
    responses=problem_responses(400, 401, 403, 404, 409, 413, 415, 422, 503),
    summary="Attach a file to the project",
    description="400 for a body that is not multipart/form-data as its header says. "
    "PDF, DOCX, XLSX, JPEG or PNG, recognised from the bytes (415 otherwise), up to "
    "the upload limit (413). A file of the same kind and name becomes its next version; nothing "
    "is overwritten. The sha256 is recorded in the project history. A project holds at most "
    "500 documents and 2 GiB by default, every version counted (409 `document.project_full`). "
    "An enterprise user uploads "
    "only `dossier`, `proposal_letter`, `contract` and `other` (403 `document.kind_not_allowed`: "
    "decisions, minutes, settlements and vouchers come from the program's staff).",
)
async def upload_document(
    request: Request,
    session: SessionDep,
    principal: Uploader,
    storage: Storage,
    project_id: uuid.UUID,
    kind: Annotated[DocumentKind, Form()],
    file: Annotated[UploadFile, File(description="The file")],
) -> DocumentOut:
    settings = request.app.state.settings
    quota = service.Quota(
        settings.documents_max_per_project, settings.documents_max_bytes_per_project
    )
    return await service.upload(
        session,
        storage,
        principal,
        project_id,
        kind.value,
        file,
        limit=settings.max_upload_bytes,
        quota=quota,
    )


@router.get(
    "/projects/{project_id}/documents",
    response_model=DocumentList,
    responses=problem_responses(401, 403, 404, 422),
    summary="The project's documents, every version",
)
async def list_documents(
    session: SessionDep, principal: Reader, project_id: uuid.UUID
) -> DocumentList:
    return DocumentList(items=await service.listing(session, principal, project_id))


@router.get(
    "/documents/{document_id}/content",
    response_class=StreamingResponse,
    responses={
        **problem_responses(401, 403, 404, 422, 503),
        200: {
            "description": "The file's bytes, with its original name in Content-Disposition",
            "content": {"application/octet-stream": {}},
        },
    },
    summary="Download a document",
)
async def document_content(
    session: SessionDep, principal: Reader, storage: Storage, document_id: uuid.UUID
) -> StreamingResponse:
    document = await service.readable(session, principal, document_id)
    return StreamingResponse(
        await service.content(storage, document),
        media_type=document.content_type,
        headers={
            "Content-Disposition": content_disposition(document.filename),
            "Content-Length": str(document.size_bytes),
            "X-Content-SHA256": document.sha256,
            "Cache-Control": "private, no-store",
        },
    )
