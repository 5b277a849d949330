"""Amounts of VND in words (*bằng chữ*), as official forms, vouchers and reports write them.

The reading follows the common administrative usage: groups of three digits named *nghìn*,
*triệu*, *tỷ* (and *nghìn tỷ*, *triệu tỷ* above); a group after a larger one reads all three
places (`1.000.005` → "một triệu không trăm lẻ năm"), an all-zero group is left out; *lẻ* for a
zero ten, *mười* for ten, *mốt* and *lăm* after a ten (`21` → "hai mươi mốt", `15` →
"mười lăm"); "bốn" is kept after a ten ("hai mươi bốn"), the unambiguous form of payment
vouchers. The first letter is upper case and the text ends in "đồng".
"""

from __future__ import annotations

DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
# names of the groups of three digits below one tỷ; tỷ itself is applied recursively so that
# 10^12 reads "một nghìn tỷ" and 10^18 "một tỷ tỷ"
GROUPS = ("", "nghìn", "triệu")
BILLION = 1_000_000_000


def _three(n: int, *, full: bool) -> list[str]:
    """0 < n < 1000. `full`: a larger group comes before, so the hundreds are read even if 0."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or full:
        words += [DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units:
            if words:
                words.append("lẻ")
            words.append(DIGITS[units])
        return words
    words += ["mười"] if tens == 1 else [DIGITS[tens], "mươi"]
    if units == 1 and tens > 1:
        words.append("mốt")
    elif units == 5:
        words.append("lăm")
    elif units:
        words.append(DIGITS[units])
    return words


def _below_billion(n: int, *, full: bool) -> list[str]:
    groups = [n // 1_000_000, n // 1000 % 1000, n % 1000]  # triệu, nghìn, units
    words: list[str] = []
    for index, value in enumerate(groups):
        if value == 0:
            continue
        words += _three(value, full=full or bool(words))
        name = GROUPS[2 - index]
        if name:
            words.append(name)
    return words


def _words(n: int, *, full: bool = False) -> list[str]:
    if n < BILLION:
        return _below_billion(n, full=full)
    high, low = divmod(n, BILLION)
    words = [*_words(high, full=full), "tỷ"]
    if low:
        words += _below_billion(low, full=True)
    return words


def vnd_in_words(amount: int) -> str:
    """`120_000_000` → "Một trăm hai mươi triệu đồng"; 0 → "Không đồng"; negative amounts
    start with "Âm". Only integers: money is integer VND everywhere."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise TypeError(f"an integer amount of VND is expected, not {type(amount).__name__}")
    if amount == 0:
        return "Không đồng"
    words = _words(abs(amount))
    if amount < 0:
        words.insert(0, "âm")
    text = " ".join([*words, "đồng"])
    return text[0].upper() + text[1:]


def group_thousands(amount: int) -> str:
    """Figures as Vietnamese documents write them: dots between thousands (`120.000.000`)."""
    return f"{amount:,}".replace(",", ".")
