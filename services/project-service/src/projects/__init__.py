"""project-service: projects from proposal to settlement, the activity and KPI catalogues, and
the money steps (sagas) against budget-service.

Its contract (domain folders, layers, sagas, roles in `roles.py`) is written once, in
services/project-service/README.md."""

from projects import messages as messages  # the words of its problems, registered once
from projects.public import messages as public_messages  # noqa: F401  (the public routes' words)
