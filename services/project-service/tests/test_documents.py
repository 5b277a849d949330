"""Documents attached to a project: type from the bytes, hash, versions, who may see them, and
the object store behind them (a real S3 server for the S3 path)."""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import boto3
import httpx
import pytest
from fastapi import FastAPI
from moto.server import ThreadedMotoServer

from kc_common.testing import asgi_client, running_app
from projects.models import Base
from tests import documents_files as files
from tests import factories
from tests.factories import API

Auth = Callable[..., dict[str, str]]
NAME = "Biên bản nghiệm thu đợt 1.pdf"


async def upload(
    client: httpx.AsyncClient,
    auth: Auth,
    project_id: str,
    content: bytes,
    *,
    name: str = NAME,
    kind: str = "acceptance_minutes",
    role: str = "program_officer",
    **who: Any,
) -> httpx.Response:
    return await client.post(
        f"{API}/projects/{project_id}/documents",
        data={"kind": kind},
        files={"file": (name, content, "application/octet-stream")},
        headers=auth(role, **who),
    )


async def test_upload_records_type_size_and_hash_and_serves_the_same_bytes(
    client: httpx.AsyncClient, auth: Auth, tmp_path: Path
) -> None:
    project = await factories.create(client, auth)
    content = files.pdf()
    r = await upload(client, auth, project["id"], content)
    assert r.status_code == 201, r.text
    doc = r.json()
    assert doc["filename"] == NAME
    assert doc["content_type"] == "application/pdf"
    assert doc["size_bytes"] == len(content)
    assert doc["sha256"] == hashlib.sha256(content).hexdigest()
    assert (doc["kind"], doc["version"], doc["current"]) == ("acceptance_minutes", 1, True)

    got = await client.get(f"{API}/documents/{doc['id']}/content", headers=auth("viewer"))
    assert got.status_code == 200
    assert got.content == content
    assert got.headers["content-type"] == "application/pdf"
    disposition = got.headers["content-disposition"]
    assert "filename*=UTF-8''" + quote(NAME, safe="") in disposition
    assert 'filename="Bi_n b_n nghi_m thu __t 1.pdf"' in disposition  # ASCII fallback

    history = await client.get(f"{API}/projects/{project['id']}/history", headers=auth("viewer"))
    event = history.json()["items"][-1]
    assert event["action"] == "document_uploaded"
    assert event["payload"]["sha256"] == doc["sha256"]
    assert event["payload"]["document_id"] == doc["id"]
    stored = list((tmp_path / "documents").rglob("*.pdf"))
    assert len(stored) == 1 and stored[0].read_bytes() == content


@pytest.mark.parametrize(
    ("builder", "expected"),
    [
        (files.docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        (files.xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        (lambda: files.PNG, "image/png"),
        (lambda: files.JPEG, "image/jpeg"),
    ],
)
async def test_type_is_recognised_from_the_bytes_not_the_name(
    client: httpx.AsyncClient, auth: Auth, builder: Callable[[], bytes], expected: str
) -> None:
    project = await factories.create(client, auth)
    r = await upload(client, auth, project["id"], builder(), name="tệp không đuôi", kind="other")
    assert r.status_code == 201, r.text
    assert r.json()["content_type"] == expected


@pytest.mark.parametrize(
    "content",
    [
        b"<html><script>alert(1)</script></html>",
        files.plain_zip(),
        b"%PD",
        files.many_parts(10_001),  # more parts than an Office document has: not read at all
        # the same, its stated count edited down: the directory's size still gives it away
        files.counts_edited(files.many_parts(30_000), 5),
        files.many_parts(70_000),  # ZIP64 (past 65,535 entries): never an upload's need
    ],
)
async def test_other_types_are_refused_with_415_and_nothing_is_kept(
    client: httpx.AsyncClient, auth: Auth, tmp_path: Path, content: bytes
) -> None:
    project = await factories.create(client, auth)
    r = await upload(client, auth, project["id"], content, name="giả mạo.pdf")
    assert r.status_code == 415
    assert r.json()["code"] == "document.unsupported_type"
    listed = await client.get(f"{API}/projects/{project['id']}/documents", headers=auth("viewer"))
    assert listed.json()["items"] == []
    assert not [p for p in (tmp_path / "documents").rglob("*") if p.is_file()]


async def test_a_body_that_is_not_the_multipart_it_says_is_400_as_documented(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    """A broken multipart body is the parser's 400, a problem+json the OpenAPI now lists
    (schemathesis found it undocumented)."""
    project = await factories.create(client, auth)
    boundary = "9cc651cd2c8d168349f50fede4c361ac"
    r = await client.post(
        f"{API}/projects/{project['id']}/documents",
        content=f"--{boundary}\r\nFalse--{boundary}--\r\n".encode(),
        headers={
            **auth("program_officer"),
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        },
    )
    assert r.status_code == 400 and r.headers["content-type"] == "application/problem+json"
    spec = (await client.get("/openapi.json")).json()
    documented = spec["paths"]["/api/v1/projects/{project_id}/documents"]["post"]["responses"]
    assert "400" in documented


async def test_a_new_upload_of_the_same_file_is_the_next_version_never_an_overwrite(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    project = await factories.create(client, auth)
    first = (await upload(client, auth, project["id"], files.pdf("bản 1"))).json()
    second = (await upload(client, auth, project["id"], files.pdf("bản 2"))).json()
    other = (await upload(client, auth, project["id"], files.pdf(), kind="contract")).json()
    assert (first["version"], second["version"], other["version"]) == (1, 2, 1)
    listed = await client.get(f"{API}/projects/{project['id']}/documents", headers=auth("viewer"))
    by_id = {d["id"]: d for d in listed.json()["items"]}
    assert by_id[first["id"]]["current"] is False
    assert by_id[second["id"]]["current"] is True and by_id[other["id"]]["current"] is True
    old = await client.get(f"{API}/documents/{first['id']}/content", headers=auth("viewer"))
    assert hashlib.sha256(old.content).hexdigest() == first["sha256"] != second["sha256"]


async def test_an_enterprise_sees_and_uploads_only_on_its_own_projects(
    client: httpx.AsyncClient, registry: httpx.AsyncClient, auth: Auth
) -> None:
    mine = await factories.enterprise(registry, auth)
    theirs = await factories.enterprise(registry, auth)
    own = await factories.create(client, auth, beneficiary_enterprise_id=mine)
    other = await factories.create(client, auth, beneficiary_enterprise_id=theirs)
    me = {"enterprise_id": mine}
    r = await upload(
        client, auth, own["id"], files.pdf(), kind="proposal_letter", role="enterprise", **me
    )
    assert r.status_code == 201, r.text
    assert r.json()["uploaded_by"]
    r = await upload(client, auth, other["id"], files.pdf(), role="enterprise", **me)
    assert r.status_code == 404 and r.json()["code"] == "project.not_found"

    theirs_doc = (await upload(client, auth, other["id"], files.pdf())).json()
    got = await client.get(
        f"{API}/documents/{theirs_doc['id']}/content", headers=auth("enterprise", **me)
    )
    assert got.status_code == 404 and got.json()["code"] == "document.not_found"
    listed = await client.get(
        f"{API}/projects/{other['id']}/documents", headers=auth("enterprise", **me)
    )
    assert listed.status_code == 404


async def test_a_package_with_a_plausible_number_of_parts_is_recognised(
    client: httpx.AsyncClient, auth: Auth
) -> None:
    project = await factories.create(client, auth)
    r = await upload(client, auth, project["id"], files.many_parts(500), name="tệp.docx")
    assert r.status_code == 201, r.text
    assert r.json()["content_type"].endswith("wordprocessingml.document")


async def test_an_enterprise_adds_nothing_to_a_closed_file(
    client: httpx.AsyncClient, registry: httpx.AsyncClient, auth: Auth
) -> None:
    """Once a project is rejected, cancelled or settled its beneficiary uploads no more (a new
    "current" contract would replace the one it was decided on); the staff still may."""
    mine = await factories.enterprise(registry, auth)
    project = await factories.appraised(client, auth, beneficiary_enterprise_id=mine)
    me = {"enterprise_id": mine}
    r = await factories.post(
        client, auth, "program_manager", f"/projects/{project['id']}/rejection", {"reason": "x"}
    )
    assert r.status_code == 200, r.text
    r = await upload(
        client, auth, project["id"], files.pdf(), kind="contract", role="enterprise", **me
    )
    assert r.status_code == 409, r.text
    assert r.json()["code"] == "document.project_closed"
    assert r.json()["params"]["status"] == "rejected"
    assert (await upload(client, auth, project["id"], files.pdf(), kind="other")).status_code == 201


async def test_an_enterprise_cannot_replace_the_authoritys_documents(
    client: httpx.AsyncClient, registry: httpx.AsyncClient, auth: Auth
) -> None:
    """A file of the same kind and name becomes the current version: an enterprise could put
    its own "approval decision" or "acceptance minutes" in place of the staff's. It uploads
    only what an applicant produces."""
    mine = await factories.enterprise(registry, auth)
    own = await factories.create(client, auth, beneficiary_enterprise_id=mine)
    me = {"enterprise_id": mine}
    official = await upload(client, auth, own["id"], files.pdf(), name="QĐ-125.pdf",
                            kind="approval_decision")  # fmt: skip
    assert official.status_code == 201, official.text
    for kind in ("appraisal_minutes", "approval_decision", "acceptance_minutes", "settlement",
                 "voucher"):  # fmt: skip
        r = await upload(client, auth, own["id"], files.pdf(), name="QĐ-125.pdf", kind=kind,
                         role="enterprise", **me)  # fmt: skip
        assert r.status_code == 403, r.text
        assert r.json()["code"] == "document.kind_not_allowed"
        assert r.json()["params"]["kind"] == kind
    listed = await client.get(f"{API}/projects/{own['id']}/documents", headers=auth("viewer"))
    assert [(d["version"], d["current"]) for d in listed.json()["items"]] == [(1, True)]
    for kind in ("dossier", "proposal_letter", "contract", "other"):
        r = await upload(client, auth, own["id"], files.pdf(), kind=kind, role="enterprise", **me)
        assert r.status_code == 201, r.text


async def test_viewers_read_but_do_not_upload(client: httpx.AsyncClient, auth: Auth) -> None:
    project = await factories.create(client, auth)
    r = await upload(client, auth, project["id"], files.pdf(), role="viewer")
    assert r.status_code == 403


async def test_bad_input_names_the_field(client: httpx.AsyncClient, auth: Auth) -> None:
    project = await factories.create(client, auth)
    r = await upload(client, auth, project["id"], files.pdf(), kind="receipt")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "kind"
    r = await upload(client, auth, project["id"], b"", kind="other")
    assert r.status_code == 422 and r.json()["code"] == "validation.failed"
    assert r.json()["errors"][0]["field"] == "file"
    r = await upload(client, auth, project["id"], files.pdf(), name="a\u202eexe.pdf")
    assert r.status_code == 422 and r.json()["errors"][0]["field"] == "file"
    missing = "00000000-0000-4000-8000-000000000000"
    r = await client.get(f"{API}/documents/{missing}/content", headers=auth("viewer"))
    assert r.status_code == 404


async def test_a_file_over_the_limit_is_413(make_app: Callable[..., FastAPI], auth: Auth) -> None:
    async with running_app(make_app(max_upload_bytes=64 * 1024), Base.metadata) as app:
        async for client in asgi_client(app):
            project = await factories.create(client, auth)
            big = files.pdf() + b"\0" * (200 * 1024)
            r = await upload(client, auth, project["id"], big)
            assert r.status_code == 413
            assert r.json()["code"] == "request.too_large"


async def test_a_project_holds_only_so_many_documents(
    make_app: Callable[..., FastAPI], auth: Auth, tmp_path: Path
) -> None:
    """Every version counts, files and bytes; what is refused is not kept, and other projects
    are not affected."""
    one = 1024 * 1024  # the cap in bytes: 3 MiB
    settings = {"documents_max_per_project": 2, "documents_max_bytes_per_project": 3 * one}
    async with running_app(make_app(**settings), Base.metadata) as app:
        async for client in asgi_client(app):
            project = await factories.create(client, auth)
            for text in ("bản 1", "bản 2"):  # two versions of one file
                assert (
                    await upload(client, auth, project["id"], files.pdf(text))
                ).status_code == 201
            r = await upload(client, auth, project["id"], files.pdf("bản 3"), kind="contract")
            assert r.status_code == 409, r.text
            assert r.json()["code"] == "document.project_full"
            assert r.json()["params"] == {"files": 2, "mib": 3}
            stored = [p for p in (tmp_path / "documents").rglob("*") if p.is_file()]
            assert len(stored) == 2
            other = await factories.create(client, auth)
            assert (await upload(client, auth, other["id"], files.pdf("bản 1"))).status_code == 201
            # bytes: a file that would take the project past 3 MiB is refused
            big = files.pdf("bản 1") + b"\0" * (3 * one - 2 * len(files.pdf("bản 1")) + 1)
            r = await upload(client, auth, other["id"], big, name="lớn.pdf")
            assert r.status_code == 409 and r.json()["code"] == "document.project_full"


# --- the S3 path, against a real S3 server (moto's, over HTTP) -------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def s3_server() -> Iterator[str]:
    port = _free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


async def test_s3_storage_keeps_each_version_as_its_own_object(
    make_app: Callable[..., FastAPI], auth: Auth, s3_server: str
) -> None:
    settings = {
        "storage_backend": "s3",
        "s3_endpoint_url": s3_server,
        "s3_bucket": "ho-so-de-an",
        "s3_access_key_id": "testing",
        "s3_secret_access_key": "testing",
        "s3_create_bucket": True,
    }
    async with running_app(make_app(**settings), Base.metadata) as app:
        async for client in asgi_client(app):
            project = await factories.create(client, auth)
            one, two = files.pdf("bản 1"), files.docx("bản 2")
            first = (await upload(client, auth, project["id"], one, name="Hợp đồng.pdf")).json()
            second = (await upload(client, auth, project["id"], two, name="Hợp đồng.pdf")).json()
            assert (first["version"], second["version"]) == (1, 2)
            got = await client.get(f"{API}/documents/{first['id']}/content", headers=auth("viewer"))
            assert got.status_code == 200 and got.content == one
            refused = await upload(client, auth, project["id"], b"MZ\x90\x00", name="x.exe")
            assert refused.status_code == 415

    s3 = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
    )
    listed = s3.list_objects_v2(Bucket="ho-so-de-an", Prefix=f"projects/{project['id']}/")
    keys = sorted(o["Key"] for o in listed.get("Contents", []))
    assert len(keys) == 2  # two versions, nothing of the refused upload
    bodies = {s3.get_object(Bucket="ho-so-de-an", Key=k)["Body"].read() for k in keys}
    assert bodies == {one, two}
    head = s3.head_object(Bucket="ho-so-de-an", Key=f"projects/{project['id']}/{first['id']}.pdf")
    assert head["ContentType"] == "application/pdf"
