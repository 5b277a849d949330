"""The budget service's own declarative base: its tables live in its own database."""

from sqlalchemy import Uuid
from sqlalchemy.orm import DeclarativeBase

from kc_common.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


# Ids are UUIDs in the database, as in every service (uuid on PostgreSQL, CHAR(32) hex on SQLite),
# and hyphenated lowercase strings in Python: the ledger hashes them in that form, and the hot
# path's driver statements bind them as asyncpg takes them.
UUID_STR = Uuid(as_uuid=False)
