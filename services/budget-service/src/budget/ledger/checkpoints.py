"""Signed checkpoints over every chain's head: what makes cutting a chain's tail detectable.

A chain is only tamper-evident up to its head: whoever can write the database can delete a
chain's last entries and move its head row back. A checkpoint records every chain's head
(chain_seq and hash) at one moment, signed with an Ed25519 key the database does not hold
(`BudgetSettings.ledger_signing_key[_file]`), and names the checkpoint before it (its signature),
so checkpoints cannot be dropped from the middle either. `ledger.verification` checks every
signature and link, and that each chain still reaches the hash the last checkpoint names.

Written by `Checkpointer` every `ledger_checkpoint_seconds` in each process (a checkpoint is
only written if a head moved; two processes racing for the same number: the second one's insert
fails on the primary key and is dropped), or once by `python -m budget.ledger.checkpoints`
(for a cron job when the periodic task is off). What it cannot catch: entries appended after the
last checkpoint and removed before the next, with their heads (keep the interval short); and,
on its own, the newest checkpoints removed together with the entries after the one left. Against
that, keep copies off the database: the latest is published without a login
(`GET /public/budget/ledger-checkpoint`, with the public key) and each signature is logged; a
verify given a kept copy (`checkpoint_seq`, `checkpoint_signature`) fails if the database no
longer holds exactly that checkpoint.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from budget.ledger import repository
from budget.settings import BudgetSettings
from kc_common.auth import generate_ed25519_pem as generate_ed25519_pem
from kc_common.localtime import utcnow

log = logging.getLogger("budget.ledger.checkpoints")
KEY_FILE_NAME = "ledger-checkpoint-key.pem"
CP = repository.CHECKPOINTS


def key_id(public_key: Ed25519PublicKey) -> str:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).hexdigest()[:32]


class CheckpointSigner:
    """The signing key and every public key a checkpoint may have been signed with, by key id."""

    def __init__(self, private_pem: str, previous_public_pems: Sequence[str] = ()) -> None:
        key = serialization.load_pem_private_key(private_pem.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ValueError("the ledger signing key must be Ed25519")
        self._key = key
        self.key_id = key_id(key.public_key())
        self.public_keys: dict[str, Ed25519PublicKey] = {self.key_id: key.public_key()}
        for pem in previous_public_pems:
            public = serialization.load_pem_public_key(pem.encode())
            if not isinstance(public, Ed25519PublicKey):
                raise ValueError("previous ledger keys must be Ed25519")
            self.public_keys[key_id(public)] = public

    def public_pem(self, key_id_: str) -> str | None:
        """The public key a checkpoint names by `key_id`, as PEM (None if unknown): published
        with the latest checkpoint so that anyone can check its signature."""
        public = self.public_keys.get(key_id_)
        if public is None:
            return None
        pem = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        return pem.decode()

    def sign(self, body: str) -> str:
        return base64.b64encode(self._key.sign(body.encode())).decode()

    def valid(self, key_id_: str, body: str, signature: str) -> bool:
        public = self.public_keys.get(key_id_)
        if public is None:
            return False
        try:
            public.verify(base64.b64decode(signature), body.encode())
        except (InvalidSignature, ValueError):
            return False
        return True


def _pems(text: str) -> list[str]:
    end = "-----END PUBLIC KEY-----"
    return [part.strip() + "\n" + end + "\n" for part in text.split(end) if part.strip()]


def load_signer(settings: BudgetSettings) -> CheckpointSigner:
    """The configured key; outside production (refused by the settings) one generated into
    `keys_dir` once and reused, so checkpoints verify across restarts."""
    if settings.ledger_signing_key:
        pem = settings.ledger_signing_key
    elif settings.ledger_signing_key_file:
        pem = settings.ledger_signing_key_file.read_text()
    else:
        pem = _generated_key(settings.keys_dir / KEY_FILE_NAME)
    previous = []
    if settings.ledger_previous_public_key_file:
        previous = _pems(settings.ledger_previous_public_key_file.read_text())
    return CheckpointSigner(pem, previous)


def _generated_key(path: Path) -> str:
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            with path.open("x") as f:  # exclusive: two workers starting at once keep one key
                f.write(generate_ed25519_pem())
            path.chmod(0o600)
        except FileExistsError:
            pass
    return path.read_text()


def canonical(body: dict[str, Any]) -> str:
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Written:
    seq: int
    chains: int
    signature: str


async def write_checkpoint(engine: AsyncEngine, signer: CheckpointSigner) -> Written | None:
    """Sign every chain's head now, after the last checkpoint; None if no head moved since it
    (or no chain exists yet, or another process wrote the same number first)."""
    try:
        async with engine.begin() as conn:
            last = await repository.latest_checkpoint(conn)
            heads = await repository.heads(conn)  # one statement: one consistent moment
            if not heads:
                return None
            named = {chain: [seq, hash_] for chain, (seq, hash_) in heads.items()}
            if last is not None and json.loads(last.body)["heads"] == named:
                return None
            now = utcnow()
            seq = int(last.seq if last else 0) + 1
            body: dict[str, Any] = {
                "seq": seq,
                "created_at": now.isoformat(),
                "prev_signature": last.signature if last else "",
                "key_id": signer.key_id,
                "heads": named,
            }
            text = canonical(body)
            signature = signer.sign(text)
            await conn.execute(
                CP.insert().values(
                    seq=seq,
                    created_at=now,
                    key_id=signer.key_id,
                    body=text,
                    signature=signature,
                )
            )
    except IntegrityError:  # another process wrote this number first
        return None
    log.info("ledger checkpoint %s over %s chains: %s", seq, len(named), signature)
    return Written(seq, len(named), signature)


async def latest_published(conn: Any, signer: CheckpointSigner | None) -> dict[str, Any] | None:
    """The last checkpoint as it is published (`GET /public/budget/ledger-checkpoint`): its
    signed body as stored, the number of chains it names (0 when the body cannot be read:
    changed behind the ledger's back, and `verify` names it) and the public key it was signed
    with; None before the first."""
    row = await repository.latest_checkpoint(conn)
    if row is None:
        return None
    try:
        heads = json.loads(row.body).get("heads")
    except (ValueError, AttributeError):
        heads = None
    return {
        "seq": row.seq,
        "created_at": row.created_at,
        "key_id": row.key_id,
        "signature": row.signature,
        "body": row.body,
        "chains": len(heads) if isinstance(heads, dict) else 0,
        "public_key": signer.public_pem(row.key_id) if signer else None,
    }


class Checkpointer:
    """The periodic task of one process (started with the app when the interval is not 0)."""

    def __init__(self, engine: AsyncEngine, signer: CheckpointSigner, interval: float) -> None:
        from kc_common.tasks import Periodic

        self.engine, self.signer = engine, signer
        self.periodic = Periodic("ledger-checkpoint", self.run, interval)

    async def run(self) -> None:
        await write_checkpoint(self.engine, self.signer)


def main() -> None:  # pragma: no cover - a command
    from kc_common.db import Database

    settings = BudgetSettings()
    signer = load_signer(settings)

    async def once() -> Written | None:
        db = Database(settings.database_url, pool_size=1)
        try:
            return await write_checkpoint(db.engine, signer)
        finally:
            await db.dispose()

    written = asyncio.run(once())
    print(f"checkpoint {written.seq} over {written.chains} chains" if written else "no change")


if __name__ == "__main__":  # pragma: no cover
    main()
