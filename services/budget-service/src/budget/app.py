from fastapi import FastAPI

from budget.commitments.routes import router as commitments_router
from budget.ledger.routes import router as ledger_router
from budget.plan.routes import router as plan_router
from budget.programs.routes import router as programs_router
from budget.public.routes import router as public_router
from budget.settings import BudgetSettings
from kc_common.app import create_service_app


def create_app(settings: BudgetSettings | None = None) -> FastAPI:
    settings = settings or BudgetSettings()
    return create_service_app(
        service="budget",
        title="Budget: programs, allocations and the commitment ledger",
        settings=settings,
        routers=[programs_router, plan_router, commitments_router, ledger_router, public_router],
    )
