"""budget-service: programs, appropriations, allocations and the commitment/disbursement ledger.

How the package is laid out (the contract every domain folder keeps):

- One folder per domain (`programs`, `plan`, `commitments`, `ledger`, `idempotency`), each with
  `models.py` (tables), `schemas.py` (pydantic in/out), `repository.py` (every SQL statement),
  `service.py` (the rules) and `routes.py` (HTTP only). Routes call services; services call
  repositories; nothing skips a layer.
- The request owns the transaction (`kc_common.db.SessionDep`): services `flush()`, never commit.
- Money is integer VND (`BigInteger`, fields end in `_vnd`). Limits are enforced by the database:
  CHECK constraints on the running totals plus conditional `UPDATE ... WHERE total + :amt <= limit`
  whose rowcount is checked. No limit is ever checked by reading a total into Python first.
- Every change of money appends to one hash-chained ledger (`ledger/`), inside the same
  transaction, taking the chain head under a row lock, last (it is the one lock every money
  change shares; it is held from the append to the commit).
- Money-moving POSTs go through `idempotency.routes.Once` (`run`): the key row is inserted first,
  inside the request's transaction, so a concurrent duplicate waits on the unique index and then
  replays the stored response. Only successful responses are stored: a refusal (4xx) leaves no
  trace, so the caller may retry the same key once the cause is fixed (e.g. after more money was
  allocated, project-service retries `project:{id}:approve`).
- The hot path, a new commitment (`Once.write`), is the one exception to
  "the request owns the transaction" on PostgreSQL: its response is worked out first, then one
  statement on a driver connection, committing on its own, does the guarded line UPDATE, the
  commitment INSERT, the key row (with the response) and the ledger append. One round trip (the
  program's advance cap is read once per process and year, and re-checked in it), and the
  line's and the ledger head's row locks are released by the database at its commit, never held
  while this process gets round to sending COMMIT. A taken key aborts that statement (unique
  violation) and the first response is replayed. On SQLite the same steps run in the request's
  transaction.
- A batch of commitments (`POST /budget/commitments/batch`, an annual plan's approval) runs in
  the request's transaction on both databases, through `Once.run`: each line's sum by the same
  guarded UPDATE as a single commitment (`commitments.repository.reserve_on_line`), lines in a
  fixed order, then one row and one ledger entry per commitment; a short line rolls it all back.
- Statements on the hot path are built once with bind parameters (no per-request SQL
  construction).
"""

from budget import messages as messages  # the words of its problems, registered once
