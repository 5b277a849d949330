# PgBouncer (transaction pooling) for infra/compose.yaml, from Debian's package; configured at
# start by infra/pgbouncer/entrypoint.sh. Kubernetes runs CloudNativePG's Pooler instead.
ARG DEBIAN_IMAGE=debian:bookworm-slim
FROM ${DEBIAN_IMAGE}

SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
    && apt-get install -y --no-install-recommends pgbouncer=1.18.0-1+deb12u1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 kc \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin kc

COPY --chmod=0555 infra/pgbouncer/entrypoint.sh /usr/local/bin/pgbouncer-entrypoint

# Unprivileged, like the project's other images (PgBouncer refuses to run as root anyway).
USER 10001:10001
EXPOSE 6432
HEALTHCHECK --interval=10s --timeout=3s --start-period=5s --retries=5 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/6432"]
ENTRYPOINT ["/usr/local/bin/pgbouncer-entrypoint"]
