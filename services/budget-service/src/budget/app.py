from typing import Any

from fastapi import FastAPI

from budget.commitments.routes import router as commitments_router
from budget.ledger import checkpoints
from budget.ledger.routes import router as ledger_router
from budget.plan.routes import router as plan_router
from budget.programs.routes import router as programs_router
from budget.public.routes import router as public_router
from budget.settings import BudgetSettings
from kc_common.app import create_service_app


def _ledger_checkpoints(settings: BudgetSettings) -> tuple[Any, Any]:
    """Startup and shutdown: the checkpoint signer on `app.state.ledger_signer` and, unless the
    interval is 0, the periodic checkpoint (`budget.ledger.checkpoints`)."""

    async def startup(app: FastAPI) -> None:
        app.state.ledger_signer = checkpoints.load_signer(settings)
        app.state.ledger_checkpointer = None
        if settings.ledger_checkpoint_seconds > 0:
            app.state.ledger_checkpointer = checkpoints.Checkpointer(
                app.state.db.engine, app.state.ledger_signer, settings.ledger_checkpoint_seconds
            )
            app.state.ledger_checkpointer.periodic.start()

    async def shutdown(app: FastAPI) -> None:
        if app.state.ledger_checkpointer is not None:
            await app.state.ledger_checkpointer.periodic.stop()

    return startup, shutdown


def create_app(settings: BudgetSettings | None = None) -> FastAPI:
    settings = settings or BudgetSettings()
    startup, shutdown = _ledger_checkpoints(settings)
    return create_service_app(
        service="budget",
        title="Budget: programs, allocations and the commitment ledger",
        settings=settings,
        routers=[programs_router, plan_router, commitments_router, ledger_router, public_router],
        on_startup=startup,
        on_shutdown=shutdown,
    )
