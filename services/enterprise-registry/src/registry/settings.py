from kc_common.settings import ServiceSettings, service_config


class RegistrySettings(ServiceSettings):
    model_config = service_config("REGISTRY_")

    database_url: str = "sqlite+aiosqlite:///./var/registry.db"
    # CSV import limits: larger uploads are refused with 413 registry.import_too_large.
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 50_000
