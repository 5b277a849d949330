#!/usr/bin/env bash
# Runs after init.sql in the postgres image's /docker-entrypoint-initdb.d (first start only):
# gives each service role the password compose passes in *_DB_PASSWORD (never written to a file).
set -euo pipefail
for pair in registry:REGISTRY_DB_PASSWORD projects:PROJECTS_DB_PASSWORD \
            budget:BUDGET_DB_PASSWORD gateway:GATEWAY_DB_PASSWORD \
            reports:REPORTS_DB_PASSWORD; do
  role="kc_${pair%%:*}"
  var="${pair#*:}"
  password="${!var:?$var is not set}"
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres \
       --set=role="$role" --set=password="$password" <<'SQL'
ALTER ROLE :"role" WITH LOGIN PASSWORD :'password';
SQL
done
