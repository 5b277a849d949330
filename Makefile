# The entry point for everything. `make run` starts the system; `make test` checks all of it.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PY_PROJECTS := services/enterprise-registry services/budget-service services/project-service services/report-service gateway
PY_DIRS := libs services gateway tests bench scripts
# uv is installed into the project (.tools/), pinned, without root: a fresh machine needs only
# Python 3.11+ and Node.js 20+.
UV_VERSION := 0.13.9
UV := $(CURDIR)/.tools/uv-$(UV_VERSION)/bin/uv
PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432/postgres
export UV_LINK_MODE := copy
# Bytecode: the packages are compiled once at install, and our own modules cached at first
# import, even where the machine sets PYTHONDONTWRITEBYTECODE. Without them every Python
# process compiled its imports from source, ~1.7 s of CPU for each service process the tests
# start (a few hundred in `make test`).
export UV_COMPILE_BYTECODE := 1
unexport PYTHONDONTWRITEBYTECODE

.PHONY: help install install-py install-frontend run test lint fmt typecheck alembic-check \
        test-py test-system test-frontend test-e2e test-infra migrate openapi openapi-check \
        bench bench-auth bench-registry bench-budget bench-ledger-verify bench-gateway bench-frontend bench-public clean rotate-keys \
        backup restore soak

help:
	@echo "make run     start everything on SQLite with demo data (http://127.0.0.1:8000)"
	@echo "make test    all checks: lint, types, migrations, unit tests on SQLite and PostgreSQL,"
	@echo "             system tests, frontend tests, infra validation"
	@echo "make lint | fmt | migrate | openapi | bench | rotate-keys | backup | restore"

install: install-py install-frontend

install-py: $(UV)
	$(UV) sync --frozen --quiet

$(UV):
	@echo "installing uv $(UV_VERSION) into .tools/"
	@python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is needed (python3)"; exit 1; }
	@rm -rf $(CURDIR)/.tools/uv-$(UV_VERSION)
	python3 -m venv $(CURDIR)/.tools/uv-$(UV_VERSION)
	$(CURDIR)/.tools/uv-$(UV_VERSION)/bin/python -m pip install --quiet --disable-pip-version-check 'uv==$(UV_VERSION)'

# npm ci only when package-lock.json is newer than the last install (npm writes
# node_modules/.package-lock.json): `make test` installs once, and its `make run` does not wipe
# and reinstall node_modules again.
install-frontend: $(if $(wildcard frontend/package-lock.json),frontend/node_modules/.package-lock.json)

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund --loglevel=error
	@touch $@

run: install
	$(UV) run python scripts/run.py $(if $(DATABASE),--database $(DATABASE),)

test: install lint typecheck alembic-check openapi-check test-py test-system test-frontend test-infra test-e2e
	@echo "make test: all checks passed"

lint: install
	$(UV) run ruff check $(PY_DIRS)
	$(UV) run ruff format --check $(PY_DIRS)
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent lint; fi

fmt: install-py
	$(UV) run ruff format $(PY_DIRS)
	$(UV) run ruff check --fix $(PY_DIRS)

typecheck: install
	$(UV) run mypy libs/kc-common/src services/*/src gateway/src
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent typecheck; fi

# Models and migrations must agree, on both databases (scripts/alembic_check.py: upgrade a fresh
# SQLite and a fresh PostgreSQL database to head, then `alembic check`); the projects side by side.
alembic-check: install-py
	@$(UV) run python scripts/parallel_tests.py $(foreach p,$(PY_PROJECTS),$(if $(wildcard $(p)/alembic.ini),\
	  'alembic check $(p)::.::TEST_POSTGRES_URL=$(PG_URL) $(UV) run python scripts/alembic_check.py $(p)'))

# Every Python project's tests, once on SQLite and once on PostgreSQL: twelve independent runs,
# TEST_JOBS at a time (default 2), the longest first; each run's output is
# printed whole when it ends, and the target fails if any run failed. Every run has its own
# databases (SQLite files in a temp dir, PostgreSQL names with the pid; TEST_DATABASE_PREFIX
# in front of them if set).
TEST_PY_ORDER := gateway services/project-service services/report-service \
                 services/budget-service services/enterprise-registry libs/kc-common
PYTEST := $(UV) run pytest -q -p no:cacheprovider
# The service suites use neither Hypothesis nor schemathesis (tests/system does): not loading
# their pytest plugins saves ~2 s of imports in each of the twelve runs.
NO_FUZZ_PLUGINS := -p no:schemathesis -p no:hypothesispytest
test-py: install-py
	@$(UV) run python scripts/parallel_tests.py $(foreach p,$(TEST_PY_ORDER),$(foreach db,postgresql sqlite,\
	  '$(p) on $(db)::$(p)::TEST_DATABASE=$(db) TEST_POSTGRES_URL=$(PG_URL) $(PYTEST) $(NO_FUZZ_PLUGINS)'))

# Each module of tests/system starts its own processes on its own databases and free ports, so
# the modules run side by side like test-py's suites (the longest first; any new module after).
SYSTEM_FIRST := test_schemathesis test_roles_matrix test_project_sagas test_pgbouncer \
                test_backup_restore test_plan_approval test_access_changes test_public
SYSTEM_MODULES := $(wildcard $(SYSTEM_FIRST:%=tests/system/%.py)) \
                  $(filter-out $(SYSTEM_FIRST:%=tests/system/%.py),$(sort $(wildcard tests/system/test_*.py)))
test-system: install-py
	@$(UV) run python scripts/parallel_tests.py $(foreach m,$(SYSTEM_MODULES),\
	  '$(m)::.::TEST_POSTGRES_URL=$(PG_URL) $(PYTEST) $(m)')

test-frontend: install-frontend
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent check:api && npm test --silent; fi

# `make run` in a temporary directory, its demo figures, and Playwright against it.
test-e2e: install
	$(UV) run pytest -q -p no:cacheprovider tests/e2e

test-infra: install-py
	@if [ -f scripts/validate_infra.py ]; then $(UV) run python scripts/validate_infra.py; fi
	$(UV) run pytest -q -p no:cacheprovider tests/infra

# Rotate the gateway's token signing key (make run's var/keys, or KEYS_DIR=...) while it runs:
# the JWKS keeps the previous key until the next rotation, so no token in use is refused.
rotate-keys: install-py
	$(UV) run python -m gateway.keys rotate --keys-dir $(or $(KEYS_DIR),$(or $(KC_VAR_DIR),var)/keys)

# Every service database of `make run` into var/backups/<time>/ (DATABASE=postgres for PostgreSQL);
# `make restore FROM=var/backups/<time>` puts them back (stop `make run` first).
backup: install-py
	$(UV) run python scripts/backup.py backup $(if $(DATABASE),--database $(DATABASE),)

restore: install-py
	@test -n "$(FROM)" || { echo "usage: make restore FROM=var/backups/<time> [DATABASE=postgres]"; exit 2; }
	$(UV) run python scripts/backup.py restore "$(FROM)" $(if $(DATABASE),--database $(DATABASE),)

migrate: install-py
	@set -e; for p in $(PY_PROJECTS); do [ -f $$p/alembic.ini ] && $(UV) run alembic -c $$p/alembic.ini upgrade head; done

openapi: install
	$(UV) run python -m gateway.openapi_export gateway/openapi.json
	@if [ -f frontend/package.json ]; then cd frontend && npm run --silent gen:api; fi

openapi-check: install-py
	@if [ -f gateway/src/gateway/openapi_export.py ]; then $(UV) run python -m gateway.openapi_export --check gateway/openapi.json; fi

bench: bench-registry bench-budget bench-gateway bench-frontend bench-auth bench-public

bench-auth: install-py
	$(UV) run python bench/revocation.py

bench-registry: install-py
	$(UV) run python bench/registry.py
	$(UV) run python bench/registry_bulk.py

bench-budget: bench-ledger-verify
	$(UV) run python bench/budget.py

# GET /budget/ledger/verify over 1,000,000 entries (BENCH_LEDGER_ENTRIES)
bench-ledger-verify: install-py
	$(UV) run python bench/ledger_verify.py

bench-gateway: install-py
	$(UV) run python bench/gateway.py

bench-frontend: install
	$(UV) run python bench/frontend.py

# 10 minutes of mixed load with a restart of budget-service and of the registry (not in make test;
# SOAK_MINUTES / SOAK_RATE to change it). Its last result is in the README.
soak: install-py
	$(UV) run python bench/soak.py --minutes $(or $(SOAK_MINUTES),10) --rate $(or $(SOAK_RATE),20)

# The staff API's latency with and without anonymous traffic on the public routes.
bench-public: install-py
	$(UV) run python bench/public_load.py

clean:
	rm -rf var .venv .tools frontend/node_modules frontend/dist
