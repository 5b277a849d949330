"""Request ids, JSON logs, Prometheus metrics, and the /healthz /readyz /metrics endpoints."""

from __future__ import annotations

import contextvars
import json
import logging
import os
import re
import sys
import time
from collections.abc import Sequence
from typing import Any

from fastapi import APIRouter, Request, Response
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    generate_latest,
)
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kc_common.errors import FieldError, send_problem

REQUEST_ID_HEADER = "x-request-id"
# What an incoming X-Request-Id may look like to be kept (or logged) at all.
_VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
_NOT_LOGGED = frozenset({"/healthz", "/readyz", "/metrics"})
request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)


class JsonFormatter(logging.Formatter):
    _skip = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}

    def __init__(self, service: str) -> None:
        super().__init__()
        self.service = service

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "ts": time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
            + f".{int(record.msecs):03d}Z",
            "level": record.levelname.lower(),
            "service": self.service,
            "logger": record.name,
            "msg": record.getMessage(),
            "request_id": request_id_var.get(),
        }
        entry.update({k: v for k, v in vars(record).items() if k not in self._skip})
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def configure_logging(service: str, level: str = "INFO", json_logs: bool = True) -> None:
    handler = logging.StreamHandler(sys.stdout)
    if json_logs:
        handler.setFormatter(JsonFormatter(service))
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level.upper())
    # uvicorn's access log is replaced by ours, which carries the request id.
    logging.getLogger("uvicorn.access").disabled = True


class Metrics:
    def __init__(self, service: str) -> None:
        self.registry = CollectorRegistry()
        self.requests = Counter(
            "http_requests_total",
            "HTTP requests",
            ["service", "method", "route", "status"],
            registry=self.registry,
        )
        self.latency = Histogram(
            "http_request_duration_seconds",
            "HTTP request latency",
            ["service", "method", "route"],
            registry=self.registry,
            buckets=(0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
        )
        self.service = service
        # (method, route, status) -> its counter and histogram children: `labels()` takes a lock
        # and builds the label tuple on every call, which every request paid twice
        self._children: dict[tuple[str, str, int], tuple[Any, Any]] = {}

    def counter(self, name: str, documentation: str) -> Counter:
        """A service's own counter, shown beside the request metrics (`/metrics`)."""
        return Counter(name, documentation, registry=self.registry)

    def gauge(self, name: str, documentation: str) -> Gauge:
        """A service's own gauge, shown beside the request metrics (`/metrics`)."""
        return Gauge(name, documentation, registry=self.registry)

    def observe(self, method: str, route: str, status: int, seconds: float) -> None:
        """Count one request and its duration."""
        children = self._children.get((method, route, status))
        if children is None:
            children = (
                self.requests.labels(self.service, method, route, status),
                self.latency.labels(self.service, method, route),
            )
            if len(self._children) < 4096:  # routes x methods x statuses: a few hundred
                self._children[(method, route, status)] = children
        children[0].inc()
        children[1].observe(seconds)


class RequestContextMiddleware:
    """Pure ASGI (no BaseHTTPMiddleware overhead): request id in and out, access log, metrics.

    With `trust_incoming_id` (a service, whose callers are the gateway and the other services)
    a well-formed incoming X-Request-Id is the request's id, so one id follows a request through
    every process. Without it (the gateway, facing clients) the id is always minted here, and a
    well-formed client value is only logged, as `client_request_id`: audit rows and logs never
    carry an id a client chose."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        metrics: Metrics,
        access_log: bool = True,
        trust_incoming_id: bool = False,
    ) -> None:
        self.app = app
        self.metrics = metrics
        self.access_log = access_log
        self.trust_incoming_id = trust_incoming_id
        self.log = logging.getLogger("kc.access")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, REQUEST_ID_HEADER)
        if incoming is not None and not _VALID_REQUEST_ID.match(incoming):
            incoming = None
        state = scope.setdefault("state", {})
        if incoming is not None and self.trust_incoming_id:
            request_id = incoming
        else:
            # 128 random bits as 32 hex digits, like uuid4().hex without building a UUID
            request_id = os.urandom(16).hex()
            if incoming is not None:
                state["client_request_id"] = incoming
        state["request_id"] = request_id
        token = request_id_var.set(request_id)
        started = time.perf_counter()
        status = 500

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = list(message.get("headers", []))
                headers.append((b"x-request-id", request_id.encode()))
                message["headers"] = headers
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            elapsed = time.perf_counter() - started
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = scope.get("method", "")
            self.metrics.observe(method, template, status, elapsed)
            if (
                self.access_log
                and template not in _NOT_LOGGED
                and self.log.isEnabledFor(logging.INFO)
            ):
                extra = {
                    "status": status,
                    "duration_ms": round(elapsed * 1000, 2),
                    "method": method,
                    "path": scope.get("path"),
                }
                if "client_request_id" in state:
                    extra["client_request_id"] = state["client_request_id"]
                self.log.info("%s %s %s", method, scope.get("path"), status, extra=extra)
            request_id_var.reset(token)


class RejectNulInUrl:
    """A NUL byte in the path or query is bad input (PostgreSQL cannot store or compare it):
    422 problem+json naming `query` or `path`, before any route runs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            # "%00" has no letters: no lower() needed to find it in any case.
            query = scope.get("query_string", b"")
            path = scope.get("raw_path") or scope.get("path", "").encode()
            where = "query" if b"%00" in query or b"\x00" in query else None
            if where is None and (b"%00" in path or b"\x00" in path):
                where = "path"
            if where:
                nul = FieldError(field=where, message="text.nul", code="text.nul")
                await send_problem(
                    send,
                    scope,
                    422,
                    "validation.failed",
                    message="request.nul_in_url",
                    params={"where": where},
                    errors=[nul],
                )
                return
        await self.app(scope, receive, send)


def _header(scope: Scope, name: str) -> str | None:
    key = name.encode()
    for k, v in scope.get("headers", []):
        if k == key:
            return str(v.decode("latin-1"))
    return None


ops_router = APIRouter(tags=["ops"])  # /healthz and /readyz; /metrics: metrics_router()


@ops_router.get("/healthz", include_in_schema=False)
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@ops_router.get("/readyz", include_in_schema=False)
async def readyz(request: Request) -> Response:
    db = getattr(request.app.state, "db", None)
    try:
        if db is not None:
            await db.ping()
    except Exception as exc:
        body = json.dumps({"status": "unavailable", "detail": type(exc).__name__})
        return Response(body, status_code=503, media_type="application/json")
    return Response('{"status":"ready"}', media_type="application/json")


async def metrics(request: Request) -> Response:
    registry = request.app.state.metrics.registry
    return Response(generate_latest(registry), media_type=CONTENT_TYPE_LATEST)


def metrics_router(dependencies: Sequence[Any] = ()) -> APIRouter:
    """/metrics, behind `dependencies` where it must not be anonymous (the gateway's public
    port); a service's is internal, reached only inside the cluster."""
    router = APIRouter(tags=["ops"])
    router.add_api_route(
        "/metrics", metrics, methods=["GET"], include_in_schema=False, dependencies=dependencies
    )
    return router
