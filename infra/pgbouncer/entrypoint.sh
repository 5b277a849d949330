#!/bin/sh
# PgBouncer for infra/compose.yaml: transaction pooling in front of PostgreSQL (Kubernetes uses
# CloudNativePG's Pooler instead). The configuration is written at start into /tmp (the root
# filesystem is read-only) from the environment:
#   PGBOUNCER_UPSTREAM_HOST / _PORT   PostgreSQL
#   PGBOUNCER_ROLES                   "role:VARIABLE ...": each service's role and the variable
#                                     holding its password (the same one its URL carries)
#   PGBOUNCER_PORT (6432), PGBOUNCER_POOL_SIZE (20), PGBOUNCER_MAX_CLIENTS (1000)
set -eu
conf=${PGBOUNCER_CONF_DIR:-/tmp/pgbouncer}
mkdir -p "$conf"
: > "$conf/userlist.txt"
chmod 600 "$conf/userlist.txt"
for pair in $PGBOUNCER_ROLES; do
  role=${pair%%:*}
  var=${pair#*:}
  password=$(printenv "$var") || { echo "pgbouncer: $var is not set (password of $role)" >&2; exit 1; }
  printf '"%s" "%s"\n' "$role" "$password" >> "$conf/userlist.txt"
done
cat > "$conf/pgbouncer.ini" <<INI
[databases]
* = host=${PGBOUNCER_UPSTREAM_HOST} port=${PGBOUNCER_UPSTREAM_PORT:-5432}
[pgbouncer]
listen_addr = 0.0.0.0
listen_port = ${PGBOUNCER_PORT:-6432}
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $conf/userlist.txt
pool_mode = transaction
default_pool_size = ${PGBOUNCER_POOL_SIZE:-20}
max_client_conn = ${PGBOUNCER_MAX_CLIENTS:-1000}
server_reset_query =
ignore_startup_parameters = extra_float_digits
log_connections = 0
log_disconnections = 0
INI
exec pgbouncer "$conf/pgbouncer.ini"
