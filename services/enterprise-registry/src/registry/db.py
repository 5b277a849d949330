"""The registry's own declarative base: its tables live in its own database."""

from sqlalchemy.orm import DeclarativeBase

from kc_common.db import new_metadata


class Base(DeclarativeBase):
    metadata = new_metadata()
