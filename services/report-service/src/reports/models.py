"""The report service's own declarative base: its tables (issued reports) live in its own
database."""

from sqlalchemy.orm import DeclarativeBase

from kc_common.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()


def load_models() -> None:
    """Import every table module so the metadata is complete (Alembic, tests)."""
    from reports.issued import models  # noqa: F401
