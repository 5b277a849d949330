"""The gateway: the only public entry. It owns the users, clients, tokens (issues them and
publishes the JWKS), login limits, the audit trail, the dashboard (no tables: it asks the
services), the merged OpenAPI, the reverse proxy to the services, and serves the SPA.

The contract every domain folder (`auth`, `users`, `clients`, `audit`, `dashboard`, `proxy`,
`openapi`, `spa`) keeps, as in the services: `models.py` tables, `schemas.py` bodies
(`kc_common.schemas.InputModel`), `repository.py` queries and `service.py` rules as module
functions taking the session, `routes.py` HTTP only with its roles from `roles.py`; only what
lives as long as the process is a class held on `app.state` (the proxy, the key ring, the audit
writer, the merged OpenAPI). The request owns the transaction (`kc_common.db.SessionDep`). It
may import `kc_common`, never a service's package: it reaches the services over HTTP only
(`app.state.proxy_http`)."""

from gateway import messages as messages  # the words of its problems, registered once
