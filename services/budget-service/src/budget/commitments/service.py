"""Rules for commitments, releases, disbursements and recoveries.

Order inside each operation: the guarded UPDATE on the commitment or line first (takes its row
lock), then the dependent rows, then the ledger append last (the head of the line's own chain: held
for the shortest time, and never waited for by other lines). A new commitment, the hot path, is
worked out first (reads and the response, no locks) and written last, on PostgreSQL in one statement
committing on its own (`commit`). A refused UPDATE raises (or, in that one statement, writes
nothing); the request's transaction is rolled back, so a refusal leaves no commitment, no ledger
entry and no idempotency record.

Money tied to a project moves only through the project (`roles.may_move_project_money`): for a new
commitment that is decided from the caller and the body before anything is read; for the others
the guarded UPDATE itself matches only commitments not tied to a project when the caller may not
move project money, so the check costs no extra statement and the refusal is worked out, like the
other refusals, only once the UPDATE found no row.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from budget.commitments import repository
from budget.commitments.schemas import (
    CommitmentBatchIn,
    CommitmentBatchOut,
    CommitmentIn,
    CommitmentOut,
    DisbursementIn,
    DisbursementKind,
    DisbursementOut,
    IncreaseIn,
    RecoveryIn,
    ReleaseIn,
    ShortLine,
)
from budget.common import Category, FundingSource, is_postgres
from budget.context import Actor
from budget.driver import driver_connection, violated_constraint
from budget.idempotency import service as idempotency
from budget.idempotency.service import KEY_CONSTRAINT, KeyRow, KeyTaken
from budget.ledger import service as ledger
from budget.ledger.service import EntryDraft
from budget.plan import repository as plan_repository
from budget.programs import repository as programs_repository
from budget.programs import service as programs
from budget.roles import may_move_project_money, use_project_workflow
from kc_common.db import new_id
from kc_common.errors import Conflict, NotFound, Unprocessable
from kc_common.localtime import utcnow
from kc_common.pagination import Page, PageParams
from kc_common.schemas import business_today


def commitment_out(row: Any) -> CommitmentOut:
    m = row._mapping if hasattr(row, "_mapping") else row
    return CommitmentOut(**m, remaining_vnd=m["committed_vnd"] - m["disbursed_vnd"])


def _entry(kind: str, c: Any, amount: int, **kw: Any) -> EntryDraft:
    return EntryDraft(
        kind=kind,
        amount_vnd=amount,
        fiscal_year=c["fiscal_year"],
        category=c["category"],
        funding_source=c["funding_source"],
        project_id=c["project_id"],
        commitment_id=c["id"],
        **kw,
    )


async def commit(
    session: AsyncSession, actor: Actor, data: CommitmentIn, key: KeyRow | None
) -> str:
    """A new commitment, the hot path; returns the response body (201), which `key`, if given,
    stores for replays. `KeyTaken` if the key was used before: the caller replays.

    The one branch point between the databases: on PostgreSQL one statement on a driver
    connection (`_commit_postgres`), on SQLite a sequence in the request's transaction
    (`_commit_sqlite`).
    """
    if data.project_id is not None and not may_move_project_money(actor.role):
        raise use_project_workflow(data.project_id, "committed")
    if is_postgres(session):
        return await _commit_postgres(session, actor, data, key)
    return await _commit_sqlite(session, actor, data, key)


async def _commit_sqlite(
    session: AsyncSession, actor: Actor, data: CommitmentIn, key: KeyRow | None
) -> str:
    """The key row first, then the guarded line UPDATE, the commitment and the entry."""
    values = _new_commitment(actor, data, await programs.advance_cap(session, data.fiscal_year))
    body = commitment_out(values).model_dump_json()
    if key is not None:
        await idempotency.claim_with_response(session, key, body)
    line = (data.fiscal_year, values["category"], values["funding_source"])
    pid = values["project_id"]
    if not await repository.reserve_on_line(session, *line, data.amount_vnd, project_id=pid):
        raise await _refusal_why(session, values)
    await repository.insert(session, values)
    await ledger.append(
        session,
        actor,
        [_entry("commitment", values, data.amount_vnd, document_date=values["document_date"])],
    )
    return body


async def _commit_postgres(
    session: AsyncSession, actor: Actor, data: CommitmentIn, key: KeyRow | None
) -> str:
    """On a driver connection outside any transaction, the program's advance cap is read (once
    per process and year, `_remembered_cap`), then the write is one statement
    (`repository.commit_postgres`: guarded line UPDATE, commitment, key row, ledger entry) that
    commits on its own, so the hot line's and its ledger chain head's row locks are held for
    that statement and its commit only."""
    try:
        async with driver_connection(session) as conn:
            try:
                return await _commit_statement(conn, session.bind, actor, data, key)
            except repository.StaleCap:  # the remembered cap was not current: read it
                return await _commit_statement(conn, session.bind, actor, data, key, fresh=True)
    except Conflict as refused:
        # Refused, unless the key's first request had succeeded: asked once the driver
        # connection is back in the pool (holding it while waiting for a second one could
        # starve the pool under a burst of refusals).
        if key is not None and await idempotency.recorded(session, key):
            raise KeyTaken from None
        if refused.code == "budget.insufficient_funds":
            raise await _refusal_why(session, _new_commitment(actor, data, 0)) from None
        raise


# (database, fiscal year) -> advance cap; see `_remembered_cap`
_known_caps: dict[tuple[int, int], int] = {}


async def _remembered_cap(conn: Any, database: object, year: int, *, fresh: bool) -> int:
    """`programs.service.advance_cap` on a driver connection, remembered per process and
    `database` (its engine). Programs are only ever created, never changed or removed, so a
    year's cap once read stays true; still, the commit statement checks it in passing
    (`programs.repository.cap_is_current`) and, if it was not, this asks again with `fresh`. A
    stale value can therefore cost a retry, never a commitment with the wrong cap."""
    known = (id(database), year)
    if not fresh and known in _known_caps:
        return _known_caps[known]
    cap = await programs_repository.advance_cap_for_year_postgres(conn, year)
    if cap is None:
        raise Unprocessable.for_field("fiscal_year", "budget.no_program", params={"year": year})
    _known_caps[known] = cap
    return cap


async def _commit_statement(
    conn: Any,
    database: object,
    actor: Actor,
    data: CommitmentIn,
    key: KeyRow | None,
    *,
    fresh: bool = False,
) -> str:
    cap = await _remembered_cap(conn, database, data.fiscal_year, fresh=fresh)
    values = _new_commitment(actor, data, cap)
    body = commitment_out(values).model_dump_json()
    entry = ledger.prepare(
        actor, _entry("commitment", values, data.amount_vnd, document_date=values["document_date"])
    )
    key_params = key.params(body) if key else None
    try:
        linked = await repository.commit_postgres(conn, values, cap, entry.params(), key_params)
    except IntegrityError as exc:
        if key is not None and violated_constraint(exc) == KEY_CONSTRAINT:
            raise KeyTaken from exc
        raise
    if linked is None:
        raise _refusal(values)
    # Committed already: this only trips (a 500, the key replays the 201) if the database's hash
    # formula ever drifted from ours, which `GET /ledger/verify` would then report as well.
    ledger.check_link(entry, linked)
    return body


def _new_commitment(actor: Actor, data: CommitmentIn, program_cap: int) -> dict[str, Any]:
    """`program_cap`: the program's advance cap; the project's activity may ask for less."""
    now = utcnow()
    cap = program_cap
    if data.advance_cap_percent is not None:
        cap = min(cap, data.advance_cap_percent)
    return {
        "id": str(new_id()),
        "project_id": str(data.project_id) if data.project_id else None,
        "fiscal_year": data.fiscal_year,
        "category": data.category.value,
        "funding_source": data.funding_source.value,
        "amount_vnd": data.amount_vnd,
        "committed_vnd": data.amount_vnd,
        "released_vnd": 0,
        "disbursed_vnd": 0,
        "advanced_vnd": 0,
        "advance_cap_percent": cap,
        "status": "open",
        "document_date": data.document_date or business_today(),
        "created_at": now,
        "updated_at": now,
        "created_by": actor.subject,
    }


async def _refusal_why(session: AsyncSession, values: dict[str, Any]) -> Conflict:
    """Which limit refused a new commitment: the line's allocation, or for the managing
    agency's own costs (no project, `program_management`) the 1.5% management cap."""
    if values["project_id"] is None and values["category"] == repository.MANAGEMENT_CATEGORY:
        cap, direct = await repository.management_cap(
            session, values["fiscal_year"], values["funding_source"]
        )
        if direct + values["amount_vnd"] > cap:
            return Conflict(
                code="budget.management_cap_exceeded",
                params={
                    "cap_vnd": cap,
                    "committed_vnd": direct,
                    "amount_vnd": values["amount_vnd"],
                },
            )
    return _refusal(values)


def _refusal(values: dict[str, Any]) -> Conflict:
    return Conflict(
        code="budget.insufficient_funds",
        params={
            "year": values["fiscal_year"],
            "category": values["category"],
            "funding_source": values["funding_source"],
            "amount_vnd": values["amount_vnd"],
        },
    )


async def commit_batch(
    session: AsyncSession, actor: Actor, data: CommitmentBatchIn
) -> CommitmentBatchOut:
    """Several commitments in the request's transaction, all or none (an annual plan's
    approval): each line's sum is reserved by the single commitment's guarded UPDATE
    (`repository.reserve_on_line`), lines in a fixed order so two batches never wait on each
    other in a circle; every commitment gets its own row and its own ledger entry. If any line
    cannot take its sum, 409 `budget.insufficient_funds` names every such line and the
    transaction is rolled back: no commitment, no entry, no idempotency record."""
    for item in data.commitments:
        if item.project_id is not None and not may_move_project_money(actor.role):
            raise use_project_workflow(item.project_id, "committed")
    caps = {
        year: await programs.advance_cap(session, year)
        for year in sorted({item.fiscal_year for item in data.commitments})
    }
    rows = [_new_commitment(actor, item, caps[item.fiscal_year]) for item in data.commitments]
    wanted: dict[tuple[int, str, str], int] = {}
    # Per line, the project-tied and the direct (management) money: the line's guarded UPDATE
    # also holds the direct part within the management cap.
    parts: dict[tuple[int, str, str, bool], tuple[int, str | None]] = {}
    for v in rows:
        line = (v["fiscal_year"], v["category"], v["funding_source"])
        wanted[line] = wanted.get(line, 0) + v["amount_vnd"]
        part = (*line, v["project_id"] is None)
        amount = parts.get(part, (0, None))[0] + v["amount_vnd"]
        parts[part] = (amount, v["project_id"])
    short = sorted(
        {
            part[:3]
            for part in sorted(parts)
            if not await repository.reserve_on_line(
                session, *part[:3], parts[part][0], project_id=parts[part][1]
            )
        }
    )
    if short:
        raise await _batch_refusal(session, short, wanted)
    for v in rows:
        await repository.insert(session, v)
    drafts = [
        _entry("commitment", v, v["amount_vnd"], document_date=v["document_date"]) for v in rows
    ]
    await ledger.append(session, actor, drafts)
    return CommitmentBatchOut(items=[commitment_out(v) for v in rows])


async def _batch_refusal(
    session: AsyncSession,
    short: list[tuple[int, str, str]],
    wanted: dict[tuple[int, str, str], int],
) -> Conflict:
    """The lines a batch could not have, read (to say how much is left) after the refusal."""
    lines: list[ShortLine] = []
    for year, category, source in short:
        row = await plan_repository.get_line(session, year, category, source)
        available = row.allocated_vnd - row.committed_vnd if row is not None else 0
        lines.append(
            ShortLine(
                fiscal_year=year,
                category=Category(category),
                funding_source=FundingSource(source),
                requested_vnd=wanted[(year, category, source)],
                available_vnd=available,
            )
        )
    return Conflict(
        code="budget.insufficient_funds",
        message="budget.insufficient_funds_batch",
        params={
            "year": short[0][0],
            "lines": [f"{ln.category.value}/{ln.funding_source.value}" for ln in lines],
            "short_lines": [ln.model_dump(mode="json") for ln in lines],
        },
    )


async def get(session: AsyncSession, commitment_id: str) -> CommitmentOut:
    row = await repository.get(session, commitment_id)
    if row is None:
        raise NotFound(
            message="budget.commitment_not_found", params={"commitment_id": commitment_id}
        )
    return commitment_out(row)


async def page(
    session: AsyncSession, filters: dict[str, Any], params: PageParams
) -> Page[CommitmentOut]:
    return (await repository.page(session, filters, params)).map(commitment_out)


async def _refused(
    session: AsyncSession, actor: Actor, commitment_id: str, done: str, field: str | None = None
) -> Any:
    """The commitment a guarded UPDATE did not change, read to say why; 404 (422 naming `field`)
    if there is none, 403 if it is a project's and the caller may not move project money."""
    row = await repository.get(session, commitment_id)
    if row is None:
        if field:
            raise Unprocessable.for_field(
                field, "budget.unknown_commitment", params={"commitment_id": commitment_id}
            )
        raise NotFound(
            message="budget.commitment_not_found", params={"commitment_id": commitment_id}
        )
    c = row._mapping
    if c["project_id"] is not None and not may_move_project_money(actor.role):
        raise use_project_workflow(c["project_id"], done)
    return c


async def release(
    session: AsyncSession, actor: Actor, commitment_id: str, data: ReleaseIn
) -> CommitmentOut:
    row = await repository.release(
        session, commitment_id, data.amount_vnd, project_money=may_move_project_money(actor.role)
    )
    if row is None:
        c = await _refused(session, actor, commitment_id, "released")
        if c["status"] == "closed":
            raise Conflict(code="budget.commitment_closed")
        remaining = c["committed_vnd"] - c["disbursed_vnd"]
        if data.amount_vnd == 0:
            raise Unprocessable.for_field(
                "amount_vnd", "budget.release_zero", params={"remaining_vnd": remaining}
            )
        raise Conflict(code="budget.release_exceeds_remaining", params={"remaining_vnd": remaining})
    c = row._mapping
    if data.amount_vnd:
        await repository.change_line(
            session,
            c["fiscal_year"],
            c["category"],
            c["funding_source"],
            committed=-data.amount_vnd,
            direct=c["project_id"] is None,
        )
    await ledger.append(
        session,
        actor,
        [
            _entry(
                "release",
                c,
                data.amount_vnd,
                reason=data.reason,
                details={"status": c["status"]},
                document_date=data.document_date,
            )
        ],
    )
    return commitment_out(c)


async def increase(
    session: AsyncSession, actor: Actor, commitment_id: str, data: IncreaseIn
) -> CommitmentOut:
    """An approved change raises a project's commitment: the commitment first (its row lock),
    then its line by the same guarded UPDATE as a new commitment; 409
    `budget.insufficient_funds` rolls both back. Project-service's identity only."""
    if not may_move_project_money(actor.role):
        c = await _refused(session, actor, commitment_id, "increased")
        raise use_project_workflow(c["project_id"], "increased")
    row = await repository.increase(session, commitment_id, data.amount_vnd)
    if row is None:
        c = await _refused(session, actor, commitment_id, "increased")
        if c["project_id"] is None:
            raise Conflict(code="budget.increase_without_project")
        raise Conflict(code="budget.commitment_closed")
    c = row._mapping
    line = (c["fiscal_year"], c["category"], c["funding_source"])
    if not await repository.reserve_on_line(
        session, *line, data.amount_vnd, project_id=c["project_id"]
    ):
        raise _refusal({**c, "amount_vnd": data.amount_vnd})
    await ledger.append(
        session,
        actor,
        [
            _entry(
                "increase",
                c,
                data.amount_vnd,
                reason=data.reason,
                details={"amount_vnd": c["amount_vnd"]},
                document_date=data.document_date,
            )
        ],
    )
    return commitment_out(c)


async def disburse(session: AsyncSession, actor: Actor, data: DisbursementIn) -> DisbursementOut:
    commitment_id = str(data.commitment_id)
    advance = data.kind == DisbursementKind.advance
    row = await repository.disburse(
        session,
        commitment_id,
        data.amount_vnd,
        advance=advance,
        project_money=may_move_project_money(actor.role),
    )
    if row is None:
        c = await _refused(session, actor, commitment_id, "paid", field="commitment_id")
        if c["status"] == "closed":
            raise Conflict(code="budget.commitment_closed")
        if c["disbursed_vnd"] + data.amount_vnd > c["committed_vnd"]:
            raise Conflict(
                code="budget.over_disbursement",
                params={"remaining_vnd": c["committed_vnd"] - c["disbursed_vnd"]},
            )
        raise Conflict(
            code="budget.advance_cap_exceeded",
            params={"cap_percent": c["advance_cap_percent"]},
        )
    c = row._mapping
    await repository.change_line(
        session, c["fiscal_year"], c["category"], c["funding_source"], disbursed=data.amount_vnd
    )
    values = {
        "id": str(new_id()),
        "commitment_id": commitment_id,
        "amount_vnd": data.amount_vnd,
        "kind": data.kind.value,
        "reference": data.reference,
        "document_date": data.document_date or business_today(),
        "created_at": utcnow(),
        "created_by": actor.subject,
    }
    await repository.insert_disbursement(session, values)
    await ledger.append(
        session,
        actor,
        [
            _entry(
                "disbursement",
                c,
                data.amount_vnd,
                reference=data.reference,
                details={"kind": data.kind.value, "disbursement_id": values["id"]},
                document_date=values["document_date"],
            )
        ],
    )
    return DisbursementOut(**values, commitment=commitment_out(c))


async def recover(
    session: AsyncSession, actor: Actor, commitment_id: str, data: RecoveryIn
) -> CommitmentOut:
    row = await repository.recover(
        session, commitment_id, data.amount_vnd, project_money=may_move_project_money(actor.role)
    )
    if row is None:
        c = await _refused(session, actor, commitment_id, "recovered")
        raise Conflict(
            code="budget.recovery_exceeds_disbursed", params={"disbursed_vnd": c["disbursed_vnd"]}
        )
    c = row._mapping
    closed = c["status"] == "closed"
    await repository.change_line(
        session,
        c["fiscal_year"],
        c["category"],
        c["funding_source"],
        disbursed=-data.amount_vnd,
        committed=-data.amount_vnd if closed else 0,
        direct=c["project_id"] is None,
    )
    await ledger.append(
        session,
        actor,
        [
            _entry(
                "recovery",
                c,
                data.amount_vnd,
                reason=data.reason,
                reference=data.reference,
                details={"released": closed},
                document_date=data.document_date,
            )
        ],
    )
    return commitment_out(c)
