"""Amounts in words as vouchers and official forms write them."""

import pytest

from kc_common.money import group_thousands, vnd_in_words


@pytest.mark.parametrize(
    ("amount", "words"),
    [
        (0, "Không đồng"),
        (1, "Một đồng"),
        (5, "Năm đồng"),
        (10, "Mười đồng"),
        (11, "Mười một đồng"),
        (14, "Mười bốn đồng"),
        (15, "Mười lăm đồng"),
        (20, "Hai mươi đồng"),
        (21, "Hai mươi mốt đồng"),
        (24, "Hai mươi bốn đồng"),
        (25, "Hai mươi lăm đồng"),
        (99, "Chín mươi chín đồng"),
        (100, "Một trăm đồng"),
        (101, "Một trăm lẻ một đồng"),
        (105, "Một trăm lẻ năm đồng"),
        (110, "Một trăm mười đồng"),
        (115, "Một trăm mười lăm đồng"),
        (1_000, "Một nghìn đồng"),
        (1_005, "Một nghìn không trăm lẻ năm đồng"),
        (1_010, "Một nghìn không trăm mười đồng"),
        (1_051, "Một nghìn không trăm năm mươi mốt đồng"),
        (12_345, "Mười hai nghìn ba trăm bốn mươi lăm đồng"),
        (1_000_000, "Một triệu đồng"),
        (1_000_500, "Một triệu năm trăm đồng"),
        (1_000_005, "Một triệu không trăm lẻ năm đồng"),
        (120_000_000, "Một trăm hai mươi triệu đồng"),
        (250_500_000, "Hai trăm năm mươi triệu năm trăm nghìn đồng"),
        (1_000_000_000, "Một tỷ đồng"),
        (1_000_000_005, "Một tỷ không trăm lẻ năm đồng"),
        (2_030_000_000, "Hai tỷ không trăm ba mươi triệu đồng"),
        (
            1_234_567_891,
            "Một tỷ hai trăm ba mươi bốn triệu năm trăm sáu mươi bảy nghìn "
            "tám trăm chín mươi mốt đồng",
        ),
        (1_000_000_000_000, "Một nghìn tỷ đồng"),
        (1_500_000_000_000, "Một nghìn năm trăm tỷ đồng"),
        (1_000_000_000_000_000_000, "Một tỷ tỷ đồng"),
        (-300_000, "Âm ba trăm nghìn đồng"),
    ],
)
def test_reads_amounts_as_vouchers_do(amount: int, words: str) -> None:
    assert vnd_in_words(amount) == words


def test_every_amount_up_to_a_million_reads_without_gaps_or_doubled_words() -> None:
    """No empty words, no two spaces, each group name at most once, starts upper case."""
    for amount in range(1, 1_000_001, 7):
        text = vnd_in_words(amount)
        words = text.split(" ")
        assert all(words), (amount, text)
        assert text[0].isupper() and text.endswith(" đồng"), (amount, text)
        assert words.count("nghìn") <= 1 and words.count("triệu") <= 1, (amount, text)


@pytest.mark.parametrize("amount", [1.5, "100", True, None])
def test_only_integer_amounts(amount: object) -> None:
    with pytest.raises(TypeError):
        vnd_in_words(amount)  # type: ignore[arg-type]


def test_figures_are_grouped_by_dots() -> None:
    assert group_thousands(0) == "0"
    assert group_thousands(999) == "999"
    assert group_thousands(120_000_000) == "120.000.000"
    assert group_thousands(-4_500_000_000) == "-4.500.000.000"
