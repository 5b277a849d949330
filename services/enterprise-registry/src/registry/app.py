import asyncio
import contextlib

from fastapi import FastAPI

from kc_common.app import create_service_app
from registry import models  # noqa: F401  (every table mapped before the first query)
from registry.craft_villages.routes import router as craft_villages
from registry.enterprises import words
from registry.enterprises.routes import router as enterprises
from registry.reference.routes import router as reference
from registry.settings import RegistrySettings
from registry.stats.routes import router as stats
from registry.typical_products.routes import router as typical_products


async def _start(app: FastAPI) -> None:
    # An import whose word lists were not finished (the process stopped, or the listing failed)
    # is listed again: at the start, then now and then (words.CatchUp).
    app.state.word_lists = words.CatchUp(app.state.db, app.state.metrics)
    app.state.word_lists_task = asyncio.create_task(app.state.word_lists.keep())


async def _stop(app: FastAPI) -> None:
    app.state.word_lists_task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await app.state.word_lists_task


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    settings = settings or RegistrySettings()
    return create_service_app(
        service="registry",
        title="Enterprise & craft-village registry",
        settings=settings,
        routers=[enterprises, craft_villages, typical_products, reference, stats],
        on_startup=_start,
        on_shutdown=_stop,
    )
