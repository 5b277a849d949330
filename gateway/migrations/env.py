from gateway.models import Base
from gateway.settings import GatewaySettings
from kc_common.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: GatewaySettings().database_url)
