"""Who may do what with projects, declared once for every route (a lifecycle step's roles are
the transition table's, `projects.projects.models.TRANSITIONS`)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends

from kc_common.auth import (
    ENTERPRISE,
    PROGRAM_OFFICER,
    STAFF_ROLES,
    USER_ROLES,
    VIEWER,
    Principal,
    require,
)
from projects.projects.models import TRANSITIONS, ProjectAction

READ_SCOPE = "projects:read"

# Projects: staff and viewers read all, an enterprise user its own (decided in the service).
Reader = Annotated[
    Principal, Depends(require(*STAFF_ROLES, VIEWER, ENTERPRISE, scopes=[READ_SCOPE]))
]
# Aggregates over every project: not for an enterprise user.
StatsReader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=[READ_SCOPE]))]
# The catalogues a form picks from (activity types, KPIs): every signed-in user.
CatalogueReader = Annotated[Principal, Depends(require(*USER_ROLES, scopes=[READ_SCOPE]))]
Proposer = Annotated[Principal, Depends(require(PROGRAM_OFFICER, ENTERPRISE))]


def actor(action: ProjectAction) -> Any:
    """Admits the roles that may take `action` (one table with the statuses it starts from)."""
    return Depends(require(*TRANSITIONS[action].roles))
