# syntax=docker/dockerfile:1.7
# project-service: the `projects` package (kc-projects), port 8002.
# Build from the repository root (the context must hold uv.lock and every workspace member):
#   docker build -f infra/docker/project-service.Dockerfile -t khuyencong/project-service:TAG .
# Runs `uvicorn projects.app:create_app --factory`; the same image runs the migrations:
#   docker run --rm -e ALEMBIC_DATABASE_URL=... khuyencong/project-service:TAG alembic -c /app/alembic.ini upgrade head

ARG PYTHON_IMAGE=python:3.11-slim
ARG UV_IMAGE=ghcr.io/astral-sh/uv:0.13.9

FROM ${UV_IMAGE} AS uv

# ---- builder: resolve the locked dependencies of kc-projects into /app/.venv -----------------
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
    uv sync --frozen --no-dev --no-install-workspace --package kc-projects
# Layer 2: the workspace code, installed as wheels (not editable) so /src is not needed at runtime.
COPY libs/kc-common/ libs/kc-common/
COPY services/project-service/ services/project-service/
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --no-editable --package kc-projects

# ---- runtime: slim, non-root, only the venv, the migrations and (gateway) the SPA ---------
FROM ${PYTHON_IMAGE} AS runtime
# The official forms' PDFs (WeasyPrint): pango for the layout, the DejaVu fonts for every
# Vietnamese glyph; the service refuses to make a PDF without them rather than drop diacritics.
# Versions are not pinned: they follow the base image's Debian release and its security updates
# (a pin would break the build at every point release).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      fonts-dejavu-core fontconfig libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
 && rm -rf /var/lib/apt/lists/* \
 && test -n "$(fc-list "DejaVu Serif")"
RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PROJECTS_ENVIRONMENT=production \
    PROJECTS_LOG_JSON=true \
    XDG_CACHE_HOME=/tmp/.cache
COPY --from=builder --chown=10001:10001 /app/.venv /app/.venv
# The service's Alembic environment, so a migration job can run
# `alembic -c /app/alembic.ini upgrade head` (script_location = %(here)s/migrations).
COPY --chown=10001:10001 services/project-service/alembic.ini /app/alembic.ini
COPY --chown=10001:10001 services/project-service/migrations/ /app/migrations/
USER 10001:10001
EXPOSE 8002
# No curl in the slim image: the venv's Python does the probe.
HEALTHCHECK --interval=15s --timeout=3s --start-period=20s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8002/healthz', timeout=2)"]
CMD ["uvicorn", "projects.app:create_app", "--factory", "--host", "0.0.0.0", "--port", "8002", "--no-proxy-headers"]
