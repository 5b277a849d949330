"""Every table of project-service, imported here so Alembic sees the whole metadata."""

from projects.activities.models import ActivityType, Category, PriorityArea, SupportPolicy
from projects.changes.models import ChangeRequest, ChangeRule
from projects.db import Base
from projects.documents.models import Document
from projects.kpis.models import KpiIndicator
from projects.plans.models import Plan, PlanDecision, PlanItem
from projects.projects.models import CodeCounter, Payment, ProgressReport, Project, ProjectEvent

__all__ = [
    "ActivityType",
    "Base",
    "Category",
    "ChangeRequest",
    "ChangeRule",
    "CodeCounter",
    "Document",
    "KpiIndicator",
    "Payment",
    "Plan",
    "PlanDecision",
    "PlanItem",
    "PriorityArea",
    "ProgressReport",
    "Project",
    "ProjectEvent",
    "SupportPolicy",
]
