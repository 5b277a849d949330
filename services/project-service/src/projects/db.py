"""The project service's own declarative base: its tables live in its own database."""

from kc_common.db import make_base

Base = make_base()
