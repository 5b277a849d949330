"""Who may do what with reports, declared once for every route: staff and viewers read them,
the program manager issues them; enterprise users and API clients do not see program reports."""

from typing import Annotated

from fastapi import Depends

from kc_common.auth import PROGRAM_MANAGER, STAFF_ROLES, VIEWER, Principal, require

Reader = Annotated[Principal, Depends(require(*STAFF_ROLES, VIEWER))]
Issuer = Annotated[Principal, Depends(require(PROGRAM_MANAGER))]
