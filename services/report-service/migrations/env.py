from kc_common.migrations import run_alembic_env
from reports.models import Base, load_models
from reports.settings import ReportsSettings

load_models()
run_alembic_env(Base.metadata, lambda: ReportsSettings().database_url)
