"""Documents of a project: upload (checked, hashed and stored while streaming), list, read.

Who may see the project may see its documents (an enterprise: its own projects; 404 otherwise),
and the same holds for uploading. The bytes go to storage first under a fresh key; only then is
the row written and the upload recorded in the project history with its sha256. If the row
cannot be written the object is deleted again, so nothing half-written stays behind.
"""

from __future__ import annotations

import hashlib
import unicodedata
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from functools import partial
from typing import BinaryIO

import anyio
from fastapi import UploadFile
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from kc_common.auth import ENTERPRISE, Principal
from kc_common.errors import Conflict, Forbidden, NotFound, ProblemError, Unprocessable
from kc_common.labels import PROJECT_STATUS
from kc_common.schemas import text_problem
from projects.documents import repository, sniff
from projects.documents.models import ENTERPRISE_KINDS, Document
from projects.documents.schemas import DocumentOut
from projects.documents.storage import CHUNK, DocumentStorage, StorageError
from projects.projects import service as projects
from projects.upstream import UpstreamDown


class UnsupportedType(ProblemError):
    status, code, title = 415, "document.unsupported_type", "Unsupported file type"


class TooLarge(ProblemError):
    status, code, title = 413, "request.too_large", "Request body too large"


@dataclass(frozen=True)
class Received:
    """An upload read through once: its size, hash and recognised type."""

    size: int
    sha256: str
    content_type: str


def clean_filename(raw: str | None) -> str:
    """The name as the person gave it (Vietnamese kept, NFC), without any folder part."""
    name = unicodedata.normalize("NFC", (raw or "").replace("\\", "/").rsplit("/", 1)[-1]).strip()
    if not name or name in {".", ".."}:
        raise Unprocessable.for_field("file", "document.filename_missing")
    if len(name) > 255:
        raise Unprocessable.for_field("file", "document.filename_too_long", params={"max": 255})
    problem = text_problem(name)
    if problem is not None:
        key, params = problem
        raise Unprocessable.for_field("file", key, params=params)
    return name


@dataclass(frozen=True)
class Quota:
    """What one project may hold, every version counted (settings.documents_max_*)."""

    max_files: int
    max_bytes: int

    def check(self, files: int, size: int, *, adding: int) -> None:
        """`files` and `size`: what the project holds; `adding`: the new file's bytes."""
        if files + 1 > self.max_files or size + adding > self.max_bytes:
            mib = self.max_bytes // (1024 * 1024)
            params = {"files": self.max_files, "mib": mib}
            raise Conflict(code="document.project_full", params=params)


# A project whose file is closed: its beneficiary adds nothing more to it (a new "current"
# contract after settlement would replace the one the money was settled on).
CLOSED = frozenset({"settled", "rejected", "cancelled"})


def receive(source: BinaryIO, *, limit: int) -> Received:
    """Read the upload once in chunks: size, sha256 and type, never the whole file in memory.
    Leaves `source` rewound for storing."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    source.seek(0)
    while chunk := source.read(CHUNK):
        if not head:
            head = chunk[:16]
        size += len(chunk)
        if size > limit:
            # the edge limit counts the multipart framing too; this is the file itself
            raise TooLarge(params={"limit": limit})
        digest.update(chunk)
    if size == 0:
        raise Unprocessable.for_field("file", "document.empty")
    kind = sniff.content_type(head, source)
    if kind is None:
        raise UnsupportedType(params={"accepted": "PDF, DOCX, XLSX, JPEG, PNG"})
    source.seek(0)
    return Received(size=size, sha256=digest.hexdigest(), content_type=kind)


def outs(documents: list[Document]) -> list[DocumentOut]:
    """Each with `current`: no later version of the same kind and file name."""
    latest: dict[tuple[str, str], int] = {}
    for d in documents:
        key = (d.kind, d.filename)
        latest[key] = max(latest.get(key, 0), d.version)
    result = []
    for d in documents:
        out = DocumentOut.model_validate(d)
        out.current = d.version == latest[(d.kind, d.filename)]
        result.append(out)
    return result


async def upload(
    session: AsyncSession,
    storage: DocumentStorage,
    principal: Principal,
    project_id: uuid.UUID,
    kind: str,
    file: UploadFile,
    *,
    limit: int,
    quota: Quota,
) -> DocumentOut:
    project = await projects.get(session, principal, project_id)  # 404 before reading anything
    if principal.role == ENTERPRISE and kind not in ENTERPRISE_KINDS:
        raise Forbidden(
            code="document.kind_not_allowed",
            params={"kind": kind, "allowed": ", ".join(ENTERPRISE_KINDS)},
        )
    if principal.role == ENTERPRISE and project.status in CLOSED:
        raise Conflict(
            code="document.project_closed",
            params={"status": project.status, "status_label": PROJECT_STATUS[project.status]},
        )
    filename = clean_filename(file.filename)
    # hashing and recognising a file of up to 20 MB is CPU work: off the event loop
    received = await anyio.to_thread.run_sync(partial(receive, file.file, limit=limit))
    # a full project is refused before its file is stored; the check under the lock decides
    quota.check(*await repository.usage(session, project_id), adding=received.size)
    document_id = uuid.uuid4()
    key = f"projects/{project_id}/{document_id}{sniff.EXTENSIONS[received.content_type]}"
    try:
        await storage.put(key, file.file, size=received.size, content_type=received.content_type)
    except StorageError as exc:
        raise UpstreamDown("storage", str(exc)) from exc
    try:
        # the project row lock queues concurrent uploads; the unique version is the backstop
        project = await projects.get(session, principal, project_id, lock=True)
        quota.check(*await repository.usage(session, project_id), adding=received.size)
        version = await repository.last_version(session, project_id, kind, filename) + 1
        document = await repository.add(
            session,
            Document(
                id=document_id,
                project_id=project_id,
                kind=kind,
                filename=filename,
                content_type=received.content_type,
                size_bytes=received.size,
                sha256=received.sha256,
                version=version,
                storage_key=key,
                uploaded_by=principal.username or principal.subject,
                uploaded_by_sub=principal.subject,
            ),
        )
        await projects.record(
            session,
            project,
            projects.actor_of(principal),
            "document_uploaded",
            project.status,
            {
                "document_id": str(document_id),
                "kind": kind,
                "filename": filename,
                "version": version,
                "size_bytes": received.size,
                "sha256": received.sha256,
            },
        )
    except IntegrityError as exc:
        await storage.delete(key)
        raise Conflict(code="document.version_conflict") from exc
    except BaseException:
        await storage.delete(key)
        raise
    return outs([document])[0]


async def listing(
    session: AsyncSession, principal: Principal, project_id: uuid.UUID
) -> list[DocumentOut]:
    await projects.get(session, principal, project_id)
    return outs(list(await repository.for_project(session, project_id)))


async def readable(session: AsyncSession, principal: Principal, document_id: uuid.UUID) -> Document:
    document = await repository.get(session, document_id)
    if document is None:
        raise NotFound(code="document.not_found")
    try:
        await projects.get(session, principal, document.project_id)
    except NotFound:
        raise NotFound(code="document.not_found") from None
    return document


async def content(storage: DocumentStorage, document: Document) -> AsyncIterator[bytes]:
    """The bytes, with the first chunk fetched before the response starts (a missing object
    is a 503 problem, not a broken download)."""
    stream = storage.open(document.storage_key)
    try:
        first = await anext(stream)
    except StopAsyncIteration:
        first = b""
    except StorageError as exc:
        raise UpstreamDown("storage", str(exc)) from exc

    async def chunks() -> AsyncIterator[bytes]:
        yield first
        async for chunk in stream:
            yield chunk

    return chunks()
