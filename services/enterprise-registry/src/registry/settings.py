from kc_common.settings import ServiceSettings, service_config


class RegistrySettings(ServiceSettings):
    model_config = service_config("REGISTRY_")

    database_url: str = "sqlite+aiosqlite:///./var/registry.db"
