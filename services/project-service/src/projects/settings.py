from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator

from kc_common.settings import ServiceSettings, service_config


class ProjectsSettings(ServiceSettings):
    model_config = service_config("PROJECTS_")

    database_url: str = "sqlite+aiosqlite:///./var/projects.db"

    # The services this one calls (real HTTP, one pooled client per process).
    budget_url: str = "http://127.0.0.1:8003"
    registry_url: str = "http://127.0.0.1:8001"
    upstream_timeout_seconds: float = 10.0

    # A `service` token from the gateway's OAuth2 client-credentials grant.
    token_url: str = "http://127.0.0.1:8000/api/v1/auth/token"
    client_id: str | None = None
    client_secret: str | None = None
    # TEST ONLY: a static pre-minted long-lived service token (system tests without a gateway).
    # Refused in production.
    service_token: str | None = None

    # The reconciliation of unfinished money steps; 0 switches the periodic task off.
    reconcile_interval_seconds: float = 0
    # A pending money step younger than this is assumed to be still running.
    reconcile_grace_seconds: float = 30

    # Where document files live: `local` (a directory, for `make run`) or `s3` (an S3-compatible
    # object store such as MinIO; the keys come from the environment or a mounted secret).
    storage_backend: Literal["local", "s3"] = "local"
    storage_dir: Path = Path("./var/documents")
    s3_endpoint_url: str | None = None
    s3_bucket: str = "khuyencong-documents"
    s3_region: str = "us-east-1"
    s3_access_key_id: str | None = None
    s3_secret_access_key: str | None = None
    # create the bucket at startup if missing (development; production provisions it)
    s3_create_bucket: bool = False
    # What one project may hold, every version counted (409 document.project_full beyond): so
    # that uploads to one project, however many, cannot fill the store (an enterprise's few
    # draft projects bound what one enterprise account can send).
    documents_max_per_project: int = Field(500, ge=1)
    documents_max_bytes_per_project: int = Field(2 * 1024 * 1024 * 1024, ge=1)

    # The heading of the official forms (the issuing authority and agency) and the place on
    # the date line.
    forms_authority: str = "ỦY BAN NHÂN DÂN TỈNH"
    forms_agency: str = "SỞ CÔNG THƯƠNG"
    forms_place: str = "Tỉnh"
    # The public pages and open data (no login): how long answers may be cached, and the
    # registry facts (names, communes) behind them are remembered.
    public_cache_seconds: int = 300
    public_directory_ttl_seconds: float = 600
    # OCDS: the `ocid` prefix registered with the Open Contracting Partnership (ocds-xxxxxx),
    # the publisher and the licence of the data. Set them per province.
    ocds_ocid_prefix: str = "ocds-kc0000"
    ocds_publisher_name: str = "Sở Công Thương"
    ocds_publisher_uri: str | None = None
    ocds_publisher_scheme: str | None = None
    ocds_publisher_uid: str | None = None
    ocds_license_url: str = "https://creativecommons.org/licenses/by/4.0/"
    ocds_publication_policy_url: str | None = None
    # Where this system is reached from outside (package `uri`s, the catalogue's download links).
    public_base_url: str = "http://127.0.0.1:8000"
    # Commune boundaries a province supplies (GeoJSON served next to the web app, features keyed
    # by `properties.code`): the public map appears only when this is set.
    public_geojson_url: str | None = None

    @model_validator(mode="after")
    def _refuse_test_token_in_production(self) -> "ProjectsSettings":
        if self.environment == "production":
            if self.service_token:
                raise ValueError("PROJECTS_SERVICE_TOKEN is for tests only; production refuses it")
            if not (self.client_id and self.client_secret):
                raise ValueError("production needs PROJECTS_CLIENT_ID and PROJECTS_CLIENT_SECRET")
        return self
