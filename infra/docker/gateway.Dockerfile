# syntax=docker/dockerfile:1.7
# gateway: the `gateway` package (kc-gateway), port 8000.
# Build from the repository root (the context must hold uv.lock and every workspace member):
#   docker build -f infra/docker/gateway.Dockerfile -t khuyencong/gateway:TAG .
# Runs `uvicorn gateway.app:create_app --factory`; the same image runs the migrations:
#   docker run --rm -e ALEMBIC_DATABASE_URL=... khuyencong/gateway:TAG alembic -c /app/alembic.ini upgrade head

ARG PYTHON_IMAGE=python:3.11-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

# ---- spa: the React SPA, built once, served by the gateway at / ----------------------------
FROM node:20-slim AS spa
WORKDIR /src/frontend
ENV PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
    NPM_CONFIG_UPDATE_NOTIFIER=false
COPY frontend/package.json frontend/package-lock.json ./
RUN --mount=type=cache,target=/root/.npm \
    npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

# ---- builder: resolve the locked dependencies of kc-gateway into /app/.venv -----------------
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
    uv sync --frozen --no-dev --no-install-workspace --package kc-gateway
# Layer 2: the workspace code, installed as wheels (not editable) so /src is not needed at runtime.
COPY libs/kc-common/ libs/kc-common/
COPY gateway/ gateway/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package kc-gateway

# ---- runtime: slim, non-root, only the venv, the migrations and (gateway) the SPA ---------
FROM ${PYTHON_IMAGE} AS runtime
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    GATEWAY_ENVIRONMENT=production \
    GATEWAY_LOG_JSON=true
COPY --from=builder --chown=10001:10001 /app/.venv /app/.venv
# The service's Alembic environment, so a migration job can run
# `alembic -c /app/alembic.ini upgrade head` (script_location = %(here)s/migrations).
COPY --chown=10001:10001 gateway/alembic.ini /app/alembic.ini
COPY --chown=10001:10001 gateway/migrations/ /app/migrations/
# The built SPA (static files only); the gateway serves it at /.
COPY --from=spa --chown=10001:10001 /src/frontend/dist /app/spa
ENV GATEWAY_SPA_DIR=/app/spa

USER 10001:10001
EXPOSE 8000
# No curl in the slim image: the venv's Python does the probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=2)"]
CMD ["uvicorn", "gateway.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8000", "--no-proxy-headers"]
