"""Who may do what (DESIGN.md §Budget, CONTRACTS.md scopes), declared once for every route."""

from typing import Annotated

from fastapi import Depends

from kc_common.auth import (
    ADMIN,
    FINANCE_OFFICER,
    PROGRAM_MANAGER,
    STAFF_ROLES,
    VIEWER,
    Principal,
    require,
)

READ_SCOPE = "budget:read"
WRITE_SCOPE = "budget:write"

Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=[READ_SCOPE]))]
ProgramWriter = Annotated[Principal, Depends(require(ADMIN, PROGRAM_MANAGER))]
Appropriator = Annotated[Principal, Depends(require(FINANCE_OFFICER))]
Planner = Annotated[Principal, Depends(require(PROGRAM_MANAGER))]
Committer = Annotated[Principal, Depends(require(PROGRAM_MANAGER, scopes=[WRITE_SCOPE]))]
Payer = Annotated[Principal, Depends(require(FINANCE_OFFICER, scopes=[WRITE_SCOPE]))]
