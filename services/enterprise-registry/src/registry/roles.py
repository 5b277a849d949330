"""Who may read and write the registry, declared once for every route."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends

from kc_common.auth import (
    ADMIN,
    CLIENT_ROLES,
    PROGRAM_OFFICER,
    STAFF_ROLES,
    USER_ROLES,
    VIEWER,
    Principal,
    require,
)

READ_SCOPE = "registry:read"
WRITE_SCOPE = "registry:write"

# Every signed-in user reads (an enterprise user only its own records); clients need a scope.
Reader = Annotated[Principal, Depends(require(*USER_ROLES, scopes=[READ_SCOPE, WRITE_SCOPE]))]
# admin and program_officer write; an enterprise user may PATCH its own enterprise (decided in
# enterprises.service, so that route takes a Reader); clients need `registry:write`.
Writer = Annotated[Principal, Depends(require(ADMIN, PROGRAM_OFFICER, scopes=[WRITE_SCOPE]))]
# Aggregates: staff, viewer, and clients with `registry:read`.
StatsReader = Annotated[
    Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=[READ_SCOPE, WRITE_SCOPE]))
]


def can_write(principal: Principal) -> bool:
    """What `Writer` lets through, for a route that must first let enterprise users in."""
    if principal.role in (ADMIN, PROGRAM_OFFICER):
        return True
    return principal.role in CLIENT_ROLES and WRITE_SCOPE in principal.scopes
