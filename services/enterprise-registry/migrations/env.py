from kc_common.migrations import run_alembic_env
from registry.enterprises.words import UNMODELLED
from registry.models import Base
from registry.settings import RegistrySettings

run_alembic_env(Base.metadata, lambda: RegistrySettings().database_url, unmodelled=UNMODELLED)
