from budget.models import Base
from budget.settings import BudgetSettings
from kc_common.migrations import run_alembic_env

run_alembic_env(Base.metadata, lambda: BudgetSettings().database_url)
