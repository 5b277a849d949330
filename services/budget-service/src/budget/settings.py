from kc_common.settings import ServiceSettings, service_config


class BudgetSettings(ServiceSettings):
    model_config = service_config("BUDGET_")

    database_url: str = "sqlite+aiosqlite:///./var/budget.db"
