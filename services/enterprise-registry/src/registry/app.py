from fastapi import FastAPI

from kc_common.app import create_service_app
from kc_common.db import Database
from registry import models  # noqa: F401  (every table mapped before the first query)
from registry.craft_villages.routes import router as craft_villages
from registry.enterprises.routes import router as enterprises
from registry.reference.routes import router as reference
from registry.settings import RegistrySettings
from registry.stats.routes import router as stats
from registry.typical_products.routes import router as typical_products


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    settings = settings or RegistrySettings()

    async def start(app: FastAPI) -> None:
        # The list's database: the read replica when one is configured, else the primary.
        app.state.read_db = (
            Database(
                settings.read_database_url,
                pool_size=settings.db_pool_size,
                pre_ping=settings.db_pool_pre_ping,
                transaction_pooler=settings.db_transaction_pooler,
            )
            if settings.read_database_url
            else None
        )

    async def stop(app: FastAPI) -> None:
        if getattr(app.state, "read_db", None) is not None:
            await app.state.read_db.dispose()

    return create_service_app(
        service="registry",
        title="Enterprise & craft-village registry",
        settings=settings,
        routers=[enterprises, craft_villages, typical_products, reference, stats],
        on_startup=start,
        on_shutdown=stop,
    )
