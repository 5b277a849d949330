from pathlib import Path

from pydantic import Field, model_validator

from kc_common.settings import ServiceSettings, service_config


class BudgetSettings(ServiceSettings):
    model_config = service_config("BUDGET_")

    database_url: str = "sqlite+aiosqlite:///./var/budget.db"
    # A commitment is one statement on one connection, serialised on its line's and its chain
    # head's row locks: more backends than this only queue there, and on a small machine the
    # lock hand-offs then wait for CPU. Kept open, no overflow: under 50 concurrent commitments
    # the pool's use swings around its size, and every overflow connection given back to a full
    # pool was closed, so 0.06-0.16 commitments in each opened a new one (a backend started, SSL
    # tried, the statement prepared again; ~15% of the worker's CPU in connect and close). 8 + 0
    # holds as many connections as the former 4 + 4; interleaved at load 7-8, 2 workers, server
    # CPU per commitment on 100 lines: 4 + 4 2.08-2.59 ms, 4 + 0 1.56-2.40, 8 + 0 1.53-2.05.
    db_pool_size: int = 8
    db_pool_overflow: int | None = 0
    # How long the public (no login) figures may be cached by browsers and proxies.
    public_cache_seconds: int = 300

    # Ledger checkpoints (budget.ledger.checkpoints): every chain's head, signed with this
    # Ed25519 private key (PEM inline or a file) every `ledger_checkpoint_seconds` (0: only when
    # `python -m budget.ledger.checkpoints` is run). Production must configure the key; elsewhere
    # one is generated into keys_dir and reused. After a key change, list the old public key(s)
    # in `ledger_previous_public_key_file` (PEMs one after the other) so older checkpoints verify.
    ledger_signing_key: str | None = None
    ledger_signing_key_file: Path | None = None
    ledger_previous_public_key_file: Path | None = None
    keys_dir: Path = Path("./var/keys")
    ledger_checkpoint_seconds: float = Field(300.0, ge=0)
    # GET /budget/ledger/verify on PostgreSQL: connections checking ranges of chains at once
    # (each a pooled connection for the length of the check, in the same snapshot)
    ledger_verify_workers: int = Field(2, ge=1, le=16)

    @model_validator(mode="after")
    def _production_signs_with_its_own_key(self) -> "BudgetSettings":
        if self.environment == "production" and not (
            self.ledger_signing_key or self.ledger_signing_key_file
        ):
            raise ValueError(
                "production needs BUDGET_LEDGER_SIGNING_KEY or BUDGET_LEDGER_SIGNING_KEY_FILE "
                "(an Ed25519 private key PEM) to sign ledger checkpoints"
            )
        return self
