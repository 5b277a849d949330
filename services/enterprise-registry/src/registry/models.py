"""Every table of the registry, imported here so Alembic sees the whole metadata."""

from registry.craft_villages.models import CraftVillage
from registry.db import Base
from registry.enterprises.models import Enterprise
from registry.reference.models import AdminUnit, Sector
from registry.typical_products.models import TypicalProduct

__all__ = ["AdminUnit", "Base", "CraftVillage", "Enterprise", "Sector", "TypicalProduct"]
