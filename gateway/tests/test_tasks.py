"""The work list and the notifications it feeds, against the real services: project-service,
budget-service and the registry run in-process (their own apps on their own migrated databases),
reached from the gateway's pooled client through httpx.ASGITransport; mail goes to a real SMTP
server (aiosmtpd) listening in the test."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller
from conftest import create_user, login
from fastapi import FastAPI

from budget.app import create_app as create_budget_app
from budget.models import Base as BudgetBase
from budget.settings import BudgetSettings
from gateway.app import create_app
from gateway.models import Base
from gateway.notifications.jobs import run_round
from gateway.tasks import calendar
from gateway.tasks.service import Calendar, plan_tasks
from kc_common.auth import TokenSigner
from kc_common.testing import (
    TEST_AUDIENCE,
    TEST_ISSUER,
    asgi_client,
    free_port,
    migrated_database,
    running_app,
    settings_for_tests,
)
from projects.app import create_app as create_projects_app
from projects.models import Base as ProjectsBase
from projects.settings import ProjectsSettings
from projects.upstream import SERVICE_SCOPES
from registry.app import create_app as create_registry_app
from registry.models import Base as RegistryBase
from registry.settings import RegistrySettings

ROOT = Path(__file__).resolve().parents[2]
API = "/api/v1"
TODAY = dt.date(2017, 12, 15)


@pytest.fixture(scope="session")
def projects_db() -> Iterator[str]:
    yield from migrated_database("gw_projects", ROOT / "services/project-service/alembic.ini")


@pytest.fixture(scope="session")
def budget_db() -> Iterator[str]:
    yield from migrated_database("gw_budget", ROOT / "services/budget-service/alembic.ini")


@pytest.fixture(scope="session")
def registry_db() -> Iterator[str]:
    yield from migrated_database("gw_registry", ROOT / "services/enterprise-registry/alembic.ini")


class HostRouter(httpx.AsyncBaseTransport):
    def __init__(self, routes: dict[str, httpx.AsyncBaseTransport]) -> None:
        self.routes = routes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self.routes[request.url.host].handle_async_request(request)


class GatewayTokens:
    """project-service's service identity, minted with the gateway's key (as the gateway's
    client-credentials grant would)."""

    def __init__(self, signer: TokenSigner) -> None:
        self.signer = signer

    async def token(self) -> str:
        return self.signer.sign(subject="client:projects", role="service", scopes=SERVICE_SCOPES)

    def invalidate(self) -> None:
        return None


@pytest.fixture
async def world(
    make_settings: Callable[..., Any],
    private_key: str,
    projects_db: str,
    budget_db: str,
    registry_db: str,
) -> AsyncIterator[dict[str, Any]]:
    signer = TokenSigner(private_key, kid="gw", audience=TEST_AUDIENCE, issuer=TEST_ISSUER)
    registry_app = create_registry_app(RegistrySettings(**settings_for_tests(registry_db, signer)))
    budget_app = create_budget_app(BudgetSettings(**settings_for_tests(budget_db, signer)))
    async with (
        running_app(registry_app, RegistryBase.metadata),
        running_app(budget_app, BudgetBase.metadata),
    ):
        services = HostRouter(
            {
                "budget.internal": httpx.ASGITransport(app=budget_app),
                "registry.internal": httpx.ASGITransport(app=registry_app),
            }
        )
        projects_app = create_projects_app(
            ProjectsSettings(
                **settings_for_tests(
                    projects_db,
                    signer,
                    budget_url="http://budget.internal",
                    registry_url="http://registry.internal",
                )
            ),
            token_provider=GatewayTokens(signer),
            http_transport=services,
        )
        async with running_app(projects_app, ProjectsBase.metadata):
            services.routes["projects.internal"] = httpx.ASGITransport(app=projects_app)
            settings = make_settings(
                projects_url="http://projects.internal",
                budget_url="http://budget.internal",
                registry_url="http://registry.internal",
                tasks_today=TODAY,
            )
            yield {"settings": settings, "transport": services, "signer": signer}


async def gateway_for(world: dict[str, Any], **overrides: Any) -> AsyncIterator[FastAPI]:
    settings = world["settings"].model_copy(update=overrides)
    app = create_app(settings)
    async with app.router.lifespan_context(app):
        # The gateway's one pooled client, pointed at the in-process services.
        await app.state.proxy_http.aclose()
        app.state.proxy_http = httpx.AsyncClient(transport=world["transport"])
        try:
            yield app
        finally:
            await app.state.proxy_http.aclose()
            await app.state.audit.flush()
            async with app.state.db.engine.begin() as conn:
                for table in reversed(Base.metadata.sorted_tables):
                    await conn.execute(table.delete())


async def headers_of(app: FastAPI, c: httpx.AsyncClient, username: str) -> dict[str, str]:
    r = await login(c, username)
    assert r.status_code == 200, r.text
    return {"Authorization": f"Bearer {r.json()['access_token']}"}


async def story(c: httpx.AsyncClient, h: dict[str, dict[str, str]]) -> dict[str, Any]:
    """2017 on the demo's calendar: one project waiting for appraisal, one for approval, one in
    progress past its end day with no progress report, one accepted and waiting for settlement."""

    async def post(role: str, path: str, body: Any = None) -> dict[str, Any]:
        r = await c.post(f"{API}{path}", json=body, headers=h[role])
        assert r.status_code in (200, 201), f"{path}: {r.text}"
        return dict(r.json())

    await post(
        "program_manager",
        "/budget/programs",
        {
            "code": f"BD-{uuid.uuid4().hex[:6]}",
            "name": "Chương trình khuyến công tỉnh Bình Dương đến năm 2020",
            "start_year": 2016,
            "end_year": 2020,
            "planned_annual_vnd": 4_500_000_000,
            "advance_cap_percent": 70,
        },
    )
    await post(
        "finance_officer",
        "/budget/years/2017/appropriations",
        {"funding_source": "local", "amount_vnd": 1_000_000_000, "decision_number": "1/QĐ"},
    )
    await post(
        "program_manager",
        "/budget/years/2017/allocations",
        {"category": "technology_transfer", "funding_source": "local", "amount_vnd": 10**9},
    )
    enterprise_id = (
        await post(
            "program_officer",
            "/enterprises",
            {
                "tax_code": "0100109106",
                "name": "Cơ sở sơn mài Tương Bình Hiệp",
                "kind": "enterprise",
                "admin_unit_code": "74",
                "established_on": "2015-01-01",
            },
        )
    )["id"]

    async def project(title: str, steps: int, **kw: Any) -> dict[str, Any]:
        p = await post(
            "program_officer",
            "/projects",
            {
                "title": title,
                "activity_type": "machinery_application",
                "level": "local",
                "fiscal_year": 2017,
                "implementing_unit": "Trung tâm Khuyến công Bình Dương",
                "admin_unit_code": "74",
                "start_on": "2017-03-01",
                "end_on": "2017-11-30",
                "total_cost_vnd": 600_000_000,
                "requested_support_vnd": 300_000_000,
                "counterpart_vnd": 300_000_000,
                **kw,
            },
        )
        path = f"/projects/{p['id']}"
        flow: list[tuple[str, str, Any]] = [
            ("program_officer", "/submit", None),
            ("program_officer", "/appraisal", {"score": 82, "recommendation": "approve"}),
            (
                "program_manager",
                "/approval",
                {
                    "decision_number": "123/QĐ-SCT",
                    "decision_date": "2017-02-15",
                    "approved_support_vnd": 300_000_000,
                    "funding_source": "local",
                },
            ),
            ("program_officer", "/start", None),
            (
                "program_officer",
                "/acceptance",
                {
                    "accepted_on": "2017-11-30",
                    "record_number": "NT-01",
                    "accepted_support_vnd": 300_000_000,
                },
            ),
        ]
        for role, step, body in flow[:steps]:
            p = await post(role, path + step, body)
        return p

    return {
        "submitted": await project("Đề án chờ thẩm định", 1),
        "appraised": await project("Đề án chờ phê duyệt", 2),
        "running": await project(
            "Đề án đang thực hiện", 4, beneficiary_enterprise_id=enterprise_id
        ),
        "accepted": await project("Đề án đã nghiệm thu", 5),
        "enterprise_id": enterprise_id,
    }


ROLES = ("program_officer", "program_manager", "finance_officer", "viewer", "admin")


@pytest.fixture
async def stage(world: dict[str, Any]) -> AsyncIterator[dict[str, Any]]:
    async for app in gateway_for(world):
        async for c in asgi_client(app):
            h = {}
            for role in ROLES:
                await create_user(app, role.replace("_", "-"), role, email=f"{role}@so-ct.vn")
                h[role] = await headers_of(app, c, role.replace("_", "-"))
            # The services verify the same tokens (each token goes to the service directly here).
            service_client = httpx.AsyncClient(
                transport=world["transport"], base_url="http://projects.internal"
            )
            records = await story(_Routed(service_client), h)
            await create_user(
                app,
                "tuong-binh-hiep",
                "enterprise",
                enterprise_id=uuid.UUID(records["enterprise_id"]),
            )
            h["enterprise"] = await headers_of(app, c, "tuong-binh-hiep")
            await service_client.aclose()
            yield {"app": app, "client": c, "headers": h, "records": records}


class _Routed:
    """Posts each path to the service that owns it (the test sets data up behind the gateway)."""

    HOSTS = (("/api/v1/budget", "budget"), ("/api/v1/enterprises", "registry"))

    def __init__(self, client: httpx.AsyncClient) -> None:
        self.client = client

    async def post(self, path: str, **kw: Any) -> httpx.Response:
        host = next((h for p, h in self.HOSTS if path.startswith(p)), "projects")
        return await self.client.post(f"http://{host}.internal{path}", **kw)


def kinds(body: dict[str, Any]) -> list[tuple[str, str, str, bool]]:
    return [(t["kind"], t["title"], t["due_on"], t["overdue"]) for t in body["items"]]


async def test_each_role_sees_its_own_work_overdue_first(stage: dict[str, Any]) -> None:
    c, h = stage["client"], stage["headers"]

    async def tasks(role: str) -> dict[str, Any]:
        r = await c.get(f"{API}/tasks", headers=h[role])
        assert r.status_code == 200, r.text
        assert r.json()["today"] == "2017-12-15"
        return dict(r.json())

    officer = await tasks("program_officer")
    assert officer["warnings"] == []
    assert kinds(officer)[:2] == [
        # never reported since it started in March: the March report was due on 25/03
        ("progress_report", "Đề án đang thực hiện", "2017-03-25", True),
        ("acceptance", "Đề án đang thực hiện", "2017-11-30", True),
    ]
    # submitted when the test ran, after the calendar's today: counted from that day
    assert kinds(officer)[2:] == [("appraisal", "Đề án chờ thẩm định", "2017-12-30", False)]
    [appraisal] = [t for t in officer["items"] if t["kind"] == "appraisal"]
    assert appraisal["project_id"] == stage["records"]["submitted"]["id"]
    assert appraisal["code"] == stage["records"]["submitted"]["code"]

    finance = await tasks("finance_officer")
    assert kinds(finance) == [("settlement", "Đề án đã nghiệm thu", "2018-01-22", False)]
    assert finance["items"][0]["project_id"] == stage["records"]["accepted"]["id"]

    manager = await tasks("program_manager")
    approvals = [t for t in manager["items"] if t["kind"] == "approval"]
    assert [t["project_id"] for t in approvals] == [stage["records"]["appraised"]["id"]]

    # The enterprise sees the report due on its own project, nothing of the others.
    assert kinds(await tasks("enterprise")) == [
        ("progress_report", "Đề án đang thực hiện", "2017-03-25", True)
    ]
    for role in ("viewer", "admin"):
        assert (await tasks(role))["items"] == []


async def test_a_report_moves_the_next_due_month(stage: dict[str, Any], world: dict[str, Any]):
    running = stage["records"]["running"]
    async with httpx.AsyncClient(transport=world["transport"]) as direct:
        r = await direct.post(
            f"http://projects.internal{API}/projects/{running['id']}/progress-reports",
            json={"period": "2017-12", "percent_complete": 90},
            headers=stage["headers"]["program_officer"],
        )
        assert r.status_code == 201, r.text
    r = await stage["client"].get(f"{API}/tasks", headers=stage["headers"]["program_officer"])
    assert [t["kind"] for t in r.json()["items"] if t["title"] == "Đề án đang thực hiện"] == [
        "acceptance"
    ]


async def test_a_service_down_leaves_a_warning_not_an_error(client, user_token):
    r = await client.get(f"{API}/tasks", headers=await user_token("program_officer"))
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["items"] == []
    assert {w["service"] for w in body["warnings"]} == {"projects"}
    assert all("unavailable" in w["detail"] for w in body["warnings"])


async def test_tasks_need_a_person(client, app):
    assert (await client.get(f"{API}/tasks")).status_code == 401
    token = app.state.signer.sign(subject="client:x", role="integration", scopes=["projects:read"])
    r = await client.get(f"{API}/tasks", headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == 403


def test_plan_deadlines() -> None:
    cal = Calendar(
        today=dt.date(2020, 6, 1),
        plan_due=(5, 20),
        settlement_due=(1, 22),
        progress_day=25,
        appraisal_days=15,
        approval_days=15,
        acceptance_lead_days=30,
    )
    submitted = str(uuid.uuid4())
    draft = str(uuid.uuid4())
    plans = [
        {
            "id": submitted,
            "fiscal_year": 2021,
            "level": "local",
            "title": "KH 2021",
            "status": "submitted",
        },
        {
            "id": draft,
            "fiscal_year": 2021,
            "level": "national",
            "title": "KH QG",
            "status": "draft",
        },
    ]
    tasks = plan_tasks(plans, cal)
    assert [(t.kind, str(t.plan_id), t.level, t.due_on, t.overdue) for t in tasks] == [
        ("plan_approval", submitted, "local", dt.date(2020, 5, 20), True),
        # the national plan of 2021 is only a draft: still due, and late after 20/5/2020
        ("plan_due", draft, "national", dt.date(2020, 5, 20), True),
    ]


def test_calendar_rules() -> None:
    assert calendar.settlement_due(2017, (1, 22)) == dt.date(2018, 1, 22)
    assert calendar.plan_due(2021, (5, 20)) == dt.date(2020, 5, 20)
    assert calendar.on(2019, (2, 29)) == dt.date(2019, 2, 28)
    today = dt.date(2017, 12, 15)
    assert calendar.progress_due(today, dt.date(2017, 3, 1), None, 25) == dt.date(2017, 3, 25)
    assert calendar.progress_due(today, dt.date(2017, 3, 1), "2017-11", 25) == dt.date(2017, 12, 25)
    assert calendar.progress_due(today, dt.date(2017, 3, 1), "2017-12", 25) is None
    assert calendar.progress_due(today, dt.date(2018, 1, 5), None, 25) is None
    with pytest.raises(ValueError):
        calendar.month_day("02-30")


# --- notifications ---


class Inbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        )
        return "250 OK"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Inbox]]:
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, inbox
    finally:
        controller.stop()


async def test_a_round_records_new_tasks_once_and_mails_them(
    stage: dict[str, Any], smtp: tuple[int, Inbox]
) -> None:
    app, c, h = stage["app"], stage["client"], stage["headers"]
    port, inbox = smtp
    app.state.settings = app.state.settings.model_copy(
        update={"smtp_host": "127.0.0.1", "smtp_port": port, "smtp_from": "khuyencong@so-ct.vn"}
    )
    first = await run_round(app)
    assert first.created > 0
    again = await run_round(app)
    assert again.created == 0 and again.emailed == 0  # nothing new: nothing said twice

    r = await c.get(f"{API}/notifications", headers=h["finance_officer"])
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["unread"] == 1 and body["total"] == 1
    [note] = body["items"]
    assert (note["kind"], note["title"], note["due_on"]) == (
        "settlement",
        "Đề án đã nghiệm thu",
        "2018-01-22",
    )

    mail = next(m for m in inbox.messages if "finance_officer@so-ct.vn" in str(m["To"]))
    assert str(mail["Subject"]) == "[Khuyến công] 1 việc mới cần xử lý"
    text = mail.get_content()
    assert "Thanh lý, quyết toán đề án" in text and "22/01/2018" in text
    assert mail.get_content_charset() == "utf-8"
    # viewer and admin have no list; the enterprise user has no address: four mails in all
    # would be wrong, three are right (officer, manager, finance).
    assert sorted(str(m["To"]).split("<")[1].rstrip(">") for m in inbox.messages) == [
        "finance_officer@so-ct.vn",
        "program_manager@so-ct.vn",
        "program_officer@so-ct.vn",
    ]

    # Read: unread drops, the read one goes after the unread ones; another's is 404.
    r = await c.post(f"{API}/notifications/{note['id']}/read", headers=h["finance_officer"])
    assert r.status_code == 200 and r.json()["read_at"] is not None
    r = await c.get(f"{API}/notifications", headers=h["finance_officer"])
    assert r.json()["unread"] == 0
    r = await c.post(f"{API}/notifications/{note['id']}/read", headers=h["program_officer"])
    assert r.status_code == 404 and r.json()["code"] == "notification.not_found"

    officer = (await c.get(f"{API}/notifications", headers=h["program_officer"])).json()
    assert officer["unread"] == officer["total"] == 3

    # Overdue is as of today, not as of the round that noticed the task.
    for today, overdue in (("2018-01-10", False), ("2018-02-01", True)):
        app.state.settings = app.state.settings.model_copy(
            update={"tasks_today": dt.date.fromisoformat(today)}
        )
        r = await c.get(f"{API}/notifications", headers=h["finance_officer"])
        assert [n["overdue"] for n in r.json()["items"]] == [overdue], today
    assert {n["kind"] for n in officer["items"]} == {"appraisal", "acceptance", "progress_report"}


async def test_no_mail_without_smtp(stage: dict[str, Any]) -> None:
    result = await run_round(stage["app"])
    assert result.created > 0 and result.emailed == 0
