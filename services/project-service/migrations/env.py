from kc_common.migrations import run_alembic_env
from projects.models import Base
from projects.settings import ProjectsSettings

run_alembic_env(Base.metadata, lambda: ProjectsSettings().database_url)
