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


class _Unfoldable(Exception):
    """A character `fold_fast` cannot fold on its own (its decomposition keeps a combining mark
    that is not a nonspacing one, so canonical reordering could move it): use `fold`."""


def _fold_char(char: str) -> str:
    """`fold` of one character before the space collapsing, when that equals folding it inside
    any text: its decomposition's combining characters (canonical class > 0) are all nonspacing
    marks, which `fold` removes, so canonical reordering cannot change what is left."""
    char = "d" if char == "đ" else "D" if char == "Đ" else char
    decomposed = unicodedata.normalize("NFD", char)
    if any(unicodedata.combining(c) and unicodedata.category(c) != "Mn" for c in decomposed):
        raise _Unfoldable(char)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn").casefold()


class _FoldTable(dict[int, str]):
    """A `str.translate` table filled on first sight of each character."""

    def __missing__(self, key: int) -> str:
        value = self[key] = _fold_char(chr(key))
        return value


_FOLD_TABLE = _FoldTable()


def fold_fast(value: str) -> str:
    """`fold(value)`, character by character through a cached table: about ten times faster
    on names (bulk imports fold a million). Falls back to `fold` for the rare character whose
    folding depends on its neighbours."""
    try:
        translated = value.translate(_FOLD_TABLE)
    except _Unfoldable:
        return fold(value)
    # = _SPACES.sub(" ", translated).strip(): `\s` and str.split() know the same whitespace
    # (Py_UNICODE_ISSPACE), and a split is several times faster than the regex
    return " ".join(translated.split())


# --- sorting in Vietnamese order -------------------------------------------------------------
# Names sort by `sort_key(name)`, a string whose plain code-point order (PostgreSQL's C
# collation, SQLite's BINARY) is the Vietnamese dictionary's: letters in the order of the
# Vietnamese alphabet (ă after a, đ after d, ơ after ô …), case and tone marks ignored; then the
# tones word by word (none, huyền, hỏi, ngã, sắc, nặng); names equal in both sort by id.
VIETNAMESE_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
# Each Vietnamese letter's stand-in, in increasing code points: ASCII letters, so the key needs
# no escaping anywhere (COPY, JSON cursors); digits and punctuation ('!') come before them.
# Letters of other scripts keep their own characters, after all of these; a ligature that
# casefolds to Latin letters ('ﬀ') is taken by its first letter.
_LETTER_CODES = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefg"
_LETTER = dict(zip(VIETNAMESE_ALPHABET, _LETTER_CODES, strict=True))
# (base letter, the vowel mark that makes another letter of it) → that letter
_VOWEL_MARKS = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
# The tone marks in the dictionary's order (a syllable carries at most one).
_TONE_MARKS = {"\u0300": "1", "\u0309": "2", "\u0303": "3", "\u0301": "4", "\u0323": "5"}
_TONES_FOLLOW = "\x01"  # below every character of the letters' part: a shorter name sorts first
# A key is at most 400 characters: names past 300 letters (a ligature casefolds to several)
# or 99 words sort by their beginning.
SORT_KEY_LETTERS, SORT_KEY_TONES = 300, 99


def _sort_parts(char: str) -> tuple[str, str]:
    """(the character's part of the letters' key, its tone digit)."""
    if char.isspace():
        return " ", " "
    decomposed = unicodedata.normalize("NFD", char)
    base, marks = decomposed[0].casefold()[:1], decomposed[1:]
    tone = next((_TONE_MARKS[m] for m in marks if m in _TONE_MARKS), "0")
    letter = next((_VOWEL_MARKS[(base, m)] for m in marks if (base, m) in _VOWEL_MARKS), base)
    if letter in _LETTER:
        return _LETTER[letter], tone
    if "0" <= char <= "9":
        return char, "0"
    category = unicodedata.category(decomposed[0])
    if category[0] in "PS":  # punctuation and symbols: all alike, before digits and letters
        return "!", "0"
    if category[0] in "MC":  # a stray combining mark or control: nothing of its own
        return "", ""
    return base, tone  # a letter of another script: after the Vietnamese ones


class _SortTable(dict[int, str]):
    """A `str.translate` table of one part of `_sort_parts`, filled on first sight."""

    def __init__(self, part: int) -> None:
        super().__init__()
        self.part = part

    def __missing__(self, key: int) -> str:
        value = self[key] = _sort_parts(chr(key))[self.part]
        return value


_LETTERS_TABLE = _SortTable(0)
_TONES_TABLE = _SortTable(1)


# Each word's (letters, tone) as met: names are made of few distinct syllables, and translating
# a word is most of the key's cost (8.4 → 2.5 µs a name; an import keys a million). Bounded:
# once full, words not in it are worked out each time; and only words of a syllable's length
# or so are kept (a title's word may be 500 characters: 20,000 of those would hold ~90 MB).
_WORD_PARTS: dict[str, tuple[str, str]] = {}
_WORD_PARTS_MAX = 20_000
_WORD_PARTS_LONGEST = 24


def _word_parts(word: str) -> tuple[str, str]:
    """(the word's letters' key, its tone digit: its highest), both '' for a word of marks."""
    letters, tones = word.translate(_LETTERS_TABLE), word.translate(_TONES_TABLE)
    parts = (letters, max(tones) if tones else "")
    if len(word) <= _WORD_PARTS_LONGEST and len(_WORD_PARTS) < _WORD_PARTS_MAX:
        _WORD_PARTS[word] = parts
    return parts


def sort_key(value: str) -> str:
    """What to sort a name by, in Vietnamese order: 'Đại Phát' after 'Dũng Tiến' and before
    'Gia Long', 'Ăn' after 'Anh', 'Hòa' after 'Hoa' and before 'Hóa'. Stored beside the name
    (an indexed column, at most 400 characters) and computed only here, so both databases
    sort alike."""
    if not unicodedata.is_normalized("NFC", value):
        value = unicodedata.normalize("NFC", value)
    known = _WORD_PARTS.get
    parts = [known(word) or _word_parts(word) for word in value.split()]
    letters = " ".join([part for part, _ in parts if part])[:SORT_KEY_LETTERS]
    tones = "".join([tone for _, tone in parts if tone])[:SORT_KEY_TONES].rstrip("0")
    return f"{letters}{_TONES_FOLLOW}{tones}" if tones else letters
