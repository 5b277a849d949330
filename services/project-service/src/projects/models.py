"""Every table of project-service, imported here so Alembic sees the whole metadata."""

from projects.activities.models import ActivityType, Category, SupportPolicy
from projects.db import Base
from projects.kpis.models import KpiIndicator
from projects.plans.models import Plan, PlanDecision, PlanItem
from projects.projects.models import CodeCounter, Payment, ProgressReport, Project, ProjectEvent

__all__ = [
    "ActivityType",
    "Base",
    "Category",
    "CodeCounter",
    "KpiIndicator",
    "Payment",
    "Plan",
    "PlanDecision",
    "PlanItem",
    "ProgressReport",
    "Project",
    "ProjectEvent",
    "SupportPolicy",
]
