"""The gateway's own declarative base (users, clients, refresh tokens, login attempts, audit)."""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer
from sqlalchemy.orm import DeclarativeBase

from kc_common.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


# An autoincrementing 64-bit key that SQLite also autoincrements (INTEGER PRIMARY KEY).
BigIntKey = BigInteger().with_variant(Integer(), "sqlite")
