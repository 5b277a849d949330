"""Who may do what (docs/api.md §Budget, CONTRACTS.md scopes), declared once for every route."""

from typing import Annotated

from fastapi import Depends

from kc_common.auth import (
    ADMIN,
    FINANCE_OFFICER,
    PROGRAM_MANAGER,
    SERVICE,
    STAFF_ROLES,
    VIEWER,
    Principal,
    require,
)
from kc_common.errors import Forbidden

READ_SCOPE = "budget:read"
WRITE_SCOPE = "budget:write"

Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER, scopes=[READ_SCOPE]))]
ProgramWriter = Annotated[Principal, Depends(require(ADMIN, PROGRAM_MANAGER))]
Appropriator = Annotated[Principal, Depends(require(FINANCE_OFFICER))]
Planner = Annotated[Principal, Depends(require(PROGRAM_MANAGER))]
# Money not tied to a project; a project's money further needs `may_move_project_money`, decided
# in commitments.service (for a release or payment only the commitment's row knows its project).
Committer = Annotated[Principal, Depends(require(PROGRAM_MANAGER, scopes=[WRITE_SCOPE]))]
Payer = Annotated[Principal, Depends(require(FINANCE_OFFICER, scopes=[WRITE_SCOPE]))]


class UseProjectWorkflow(Forbidden):
    """Money tied to a project moves only through the project's own steps (approval, advances,
    settlement, cancellation), so that project and budget never disagree: a person paying or
    releasing a project's commitment directly could leave a project that can never be settled."""

    code = "budget.use_project_workflow"


def may_move_project_money(role: str) -> bool:
    """Only project-service's own identity: a `service` client (the route has already checked
    its `budget:write` scope). People and `integration` clients move only money not tied to a
    project."""
    return role == SERVICE


def use_project_workflow(project_id: object, done: str) -> UseProjectWorkflow:
    """`done`: what was asked, as a past participle ("committed", "paid", ...)."""
    return UseProjectWorkflow(params={"project_id": str(project_id), "action": done})
