from pathlib import Path

from pydantic import model_validator

from kc_common.settings import ServiceSettings, service_config

LAYOUTS_DIR = Path(__file__).resolve().parent / "layouts"


class ReportsSettings(ServiceSettings):
    model_config = service_config("REPORTS_")

    # Issued reports only: every figure is read from the other services when a report is made.
    database_url: str = "sqlite+aiosqlite:///./var/reports.db"

    # The services the reports read (real HTTP, one pooled client per process).
    budget_url: str = "http://127.0.0.1:8003"
    projects_url: str = "http://127.0.0.1:8002"
    registry_url: str = "http://127.0.0.1:8001"
    upstream_timeout_seconds: float = 30.0

    # A `service` token from the gateway's OAuth2 client-credentials grant.
    token_url: str = "http://127.0.0.1:8000/api/v1/auth/token"
    client_id: str | None = None
    client_secret: str | None = None
    # TEST ONLY: a static pre-minted service token; refused in production.
    service_token: str | None = None

    # Where the report layouts (columns, groupings, headings) are read from: a province points
    # this at its own copy of `reports/layouts` to change them without code.
    layouts_dir: Path = LAYOUTS_DIR

    # Load WeasyPrint and the fonts in the background at start, so the first PDF (an issue, a
    # download) does not pay for it.
    warm_up_pdf: bool = True

    @model_validator(mode="after")
    def _refuse_test_token_in_production(self) -> "ReportsSettings":
        if self.environment == "production":
            if self.service_token:
                raise ValueError("REPORTS_SERVICE_TOKEN is for tests only; production refuses it")
            if not (self.client_id and self.client_secret):
                raise ValueError("production needs REPORTS_CLIENT_ID and REPORTS_CLIENT_SECRET")
        return self
