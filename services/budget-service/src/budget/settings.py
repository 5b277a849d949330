from kc_common.settings import ServiceSettings, service_config


class BudgetSettings(ServiceSettings):
    model_config = service_config("BUDGET_")

    database_url: str = "sqlite+aiosqlite:///./var/budget.db"
    # Every commitment checks a connection out: the statement ping costs three round trips
    # (BEGIN, `;`, ROLLBACK) on asyncpg. Pooled connections are checked for a closed socket
    # instead (a restarted server is still noticed); set BUDGET_DB_POOL_PRE_PING=true to ping.
    db_pool_pre_ping: bool = False
