"""Vietnamese-aware text folding for search that ignores case and diacritics.

The folded form is computed in Python and stored in an indexed column, so PostgreSQL and SQLite
give the same results for the same query (no reliance on unaccent or ICU collations).
"""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value: str) -> str:
    """'Tương Bình Hiệp' → 'tuong binh hiep'; 'Đồng' → 'dong'."""
    value = value.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", value)
    stripped = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def like_pattern(query: str) -> str:
    """A LIKE pattern for a folded substring search, with LIKE's wildcards escaped by `\\`."""
    folded = fold(query).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{folded}%"
