"""Every table of the registry, imported here so Alembic sees the whole metadata."""

from registry.db import Base

__all__ = ["Base"]
