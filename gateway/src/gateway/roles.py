"""Who may call the gateway's own endpoints, declared once (the services' endpoints state their
roles in each service)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kc_common.auth import ADMIN, CLIENT_ROLES, STAFF_ROLES, USER_ROLES, VIEWER, Principal, require

METRICS_SCOPE = "metrics"

# Users, clients and the audit trail: administrators only (router- or route-wide).
ADMIN_ONLY = [Depends(require(ADMIN))]
# `/metrics`: an administrator, or a client (the scraper) with the `metrics` scope.
METRICS_READERS = [Depends(require(ADMIN, scopes=[METRICS_SCOPE]))]
# The dashboard: staff and viewers (an enterprise user has its own pages, not the program's).
DashboardReader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER))]
# `/auth/me`: anyone signed in, person or client.
Signed = Annotated[Principal, Depends(require(*USER_ROLES, *CLIENT_ROLES))]
