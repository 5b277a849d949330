from fastapi import FastAPI

from kc_common.app import create_service_app
from registry.settings import RegistrySettings


def create_app(settings: RegistrySettings | None = None) -> FastAPI:
    settings = settings or RegistrySettings()
    return create_service_app(
        service="registry",
        title="Enterprise & craft-village registry",
        settings=settings,
        routers=[],
    )
