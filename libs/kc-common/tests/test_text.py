import pytest

from kc_common.text import fold, like_pattern


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Tương Bình Hiệp", "tuong binh hiep"),
        ("TUONG BINH HIEP", "tuong binh hiep"),
        ("Đồng  Nai", "dong nai"),
        ("đ", "d"),
        ("Lái Thiêu", "lai thieu"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


def test_like_pattern_escapes_wildcards():
    assert like_pattern("50%_x") == "%50\\%\\_x%"
