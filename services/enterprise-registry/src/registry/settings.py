from __future__ import annotations

from pydantic import model_validator

from kc_common.settings import ServiceSettings, service_config


class RegistrySettings(ServiceSettings):
    model_config = service_config("REGISTRY_")

    database_url: str = "sqlite+aiosqlite:///./var/registry.db"
    # CSV import limits: larger uploads are refused with 413 registry.import_too_large.
    import_max_bytes: int = 20 * 1024 * 1024
    import_max_rows: int = 50_000

    @model_validator(mode="after")
    def _uploads_fit_the_import(self) -> RegistrySettings:
        # The body limit (kc_common.edge) must not cut off an import the service would accept:
        # a larger import_max_bytes raises it (and the gateway's GATEWAY_MAX_UPLOAD_BYTES must
        # follow).
        self.max_upload_bytes = max(self.max_upload_bytes, self.import_max_bytes)
        return self
