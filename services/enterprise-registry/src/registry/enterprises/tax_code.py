"""Vietnamese tax codes (mã số thuế), docs/domain.md §Registry rules.

- 10 digits; digit 10 = 10 − (Σ dᵢ·wᵢ mod 11) with weights 31, 29, 23, 19, 17, 13, 7, 5, 3 over
  digits 1–9. A remainder of 0 would give 10, which is never issued: such a code is invalid.
- A dependent unit: a valid 10-digit base + "-" + 3 digits (001–999).
- Since 1/7/2025 a household business may use its owner's 12-digit personal ID number.
"""

from __future__ import annotations

import re
from typing import Any

WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)
_ASCII_ZEROS = 48 * sum(WEIGHTS)
_TEN = re.compile(r"^\d{10}$")
_BRANCH = re.compile(r"^(\d{10})-(\d{3})$")
_PERSONAL = re.compile(r"^\d{12}$")
HOUSEHOLD_BUSINESS = "household_business"


def check_digit(first_nine: str) -> int | None:
    """The 10th digit for these nine digits, or None when the remainder is 0 (never issued)."""
    if len(first_nine) == 9 and first_nine.isascii():
        # each byte − 48 is the digit; unrolled, as a bulk import checks a million codes
        d = first_nine.encode()
        remainder = (
            31 * d[0]
            + 29 * d[1]
            + 23 * d[2]
            + 19 * d[3]
            + 17 * d[4]
            + 13 * d[5]
            + 7 * d[6]
            + 5 * d[7]
            + 3 * d[8]
            - _ASCII_ZEROS
        ) % 11
    else:  # other Unicode digits (`\d` matches them) count by their value, as they always did
        remainder = sum(int(d) * w for d, w in zip(first_nine, WEIGHTS, strict=True)) % 11
    return None if remainder == 0 else 10 - remainder


TaxCodeError = tuple[str, dict[str, Any]]
"""(message key in registry.messages, params)."""


def _base_error(code: str) -> TaxCodeError | None:
    expected = check_digit(code[:9])
    if expected is None:
        return "registry.tax_code_never_issued", {}
    if int(code[9]) != expected:
        return "registry.tax_code_check_digit", {"expected": expected, "got": int(code[9])}
    return None


def tax_code_error(code: str, kind: str | None = None) -> TaxCodeError | None:
    """Why `code` is not a valid tax code for an establishment of `kind`, or None if it is."""
    if _TEN.match(code):
        return _base_error(code)
    if m := _BRANCH.match(code):
        if m.group(2) == "000":
            return "registry.tax_code_branch_suffix", {}
        return _base_error(m.group(1))
    if _PERSONAL.match(code):
        if kind != HOUSEHOLD_BUSINESS:
            return "registry.tax_code_personal_id", {}
        return None
    return "registry.tax_code_format", {}


def make_tax_code(first_nine: str) -> str | None:
    """A valid code from nine digits (synthetic data and tests), or None if none exists."""
    digit = check_digit(first_nine)
    return None if digit is None else f"{first_nine}{digit}"
