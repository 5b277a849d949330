"""Every table of the budget service, imported here so Alembic sees the whole metadata."""

from budget.commitments.models import Commitment, Disbursement
from budget.db import Base
from budget.idempotency.models import IdempotencyRecord
from budget.ledger.models import LedgerChainHead, LedgerCheckpoint, LedgerEntry
from budget.plan.models import AllocationLine, Appropriation, CarryOver, SourceBudget
from budget.programs.models import Program, ProgramYear

__all__ = [
    "AllocationLine",
    "Appropriation",
    "Base",
    "CarryOver",
    "Commitment",
    "Disbursement",
    "IdempotencyRecord",
    "LedgerChainHead",
    "LedgerCheckpoint",
    "LedgerEntry",
    "Program",
    "ProgramYear",
    "SourceBudget",
]
