# syntax=docker/dockerfile:1.7
# budget-service: the `budget` package (kc-budget), port 8003.
# Build from the repository root (the context must hold uv.lock and every workspace member):
#   docker build -f infra/docker/budget-service.Dockerfile -t khuyencong/budget-service:TAG .
# Runs `uvicorn budget.app:create_app --factory`; the same image runs the migrations:
#   docker run --rm -e ALEMBIC_DATABASE_URL=... khuyencong/budget-service:TAG alembic -c /app/alembic.ini upgrade head

ARG PYTHON_IMAGE=python:3.11-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

# ---- builder: resolve the locked dependencies of kc-budget into /app/.venv -----------------
FROM ${PYTHON_IMAGE} AS builder
COPY --from=uv /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PYTHON=/usr/local/bin/python3.11 \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /src
# Layer 1: third-party dependencies only (changes when uv.lock changes). uv reads every workspace
# member's pyproject.toml to make sense of the lock, so all of them are copied.
COPY pyproject.toml uv.lock ./
COPY libs/kc-common/pyproject.toml libs/kc-common/pyproject.toml
COPY services/enterprise-registry/pyproject.toml services/enterprise-registry/pyproject.toml
COPY services/project-service/pyproject.toml services/project-service/pyproject.toml
COPY services/budget-service/pyproject.toml services/budget-service/pyproject.toml
COPY services/report-service/pyproject.toml services/report-service/pyproject.toml
COPY gateway/pyproject.toml gateway/pyproject.toml
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-install-workspace --package kc-budget
# Layer 2: the workspace code, installed as wheels (not editable) so /src is not needed at runtime.
COPY libs/kc-common/ libs/kc-common/
COPY services/budget-service/ services/budget-service/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package kc-budget

# ---- runtime: slim, non-root, only the venv, the migrations and (gateway) the SPA ---------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BUDGET_ENVIRONMENT=production \
    BUDGET_LOG_JSON=true
COPY --from=builder --chown=10001:10001 /app/.venv /app/.venv
# The service's Alembic environment, so a migration job can run
# `alembic -c /app/alembic.ini upgrade head` (script_location = %(here)s/migrations).
COPY --chown=10001:10001 services/budget-service/alembic.ini /app/alembic.ini
COPY --chown=10001:10001 services/budget-service/migrations/ /app/migrations/
USER 10001:10001
EXPOSE 8003
# No curl in the slim image: the venv's Python does the probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8003/healthz', timeout=2)"]
CMD ["uvicorn", "budget.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8003", "--no-proxy-headers"]
