from kc_common.settings import ServiceSettings, service_config


class BudgetSettings(ServiceSettings):
    model_config = service_config("BUDGET_")

    database_url: str = "sqlite+aiosqlite:///./var/budget.db"
    # Every commitment checks a connection out: the statement ping costs three round trips
    # (BEGIN, `;`, ROLLBACK) on asyncpg. Pooled connections are checked for a closed socket
    # instead (a restarted server is still noticed); set BUDGET_DB_POOL_PRE_PING=true to ping.
    db_pool_pre_ping: bool = False
    # A commitment is one statement on one connection, serialised on its line's and the ledger
    # head's row locks: more backends than this only queue there, and on a small machine the
    # lock hand-offs then wait for CPU. `make bench-budget`, 2 workers: 4 (+4 overflow) each
    # gave 682/s on the hot line, 8 (+8) 504-596/s, 2 (+2) 660/s.
    db_pool_size: int = 4
    # How long the public (no login) figures may be cached by browsers and proxies.
    public_cache_seconds: int = 300
