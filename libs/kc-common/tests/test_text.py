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


def test_fold_fast_is_fold():
    """Character by character through the cached table, the same text as `fold`: Vietnamese in
    both Unicode forms, other scripts, case foldings that change length, combining marks whose
    order NFD would change (the table refuses those and `fold` answers), spaces of every kind."""
    import random
    import unicodedata

    from kc_common.text import fold_fast

    samples = [
        "Công ty TNHH Sơn mài Tương Bình Hiệp 12",
        unicodedata.normalize("NFD", "Hợp tác xã Gốm sứ Đồng Nai"),
        "ĐỒNG\u00a0đức \t Ấp\u2003x ",
        "\x1c a\x1d\x1e\x1f b\x0b\x0c\x85c\u3000\u205fd\u2028\u2029 ",  # all of `\s`
        "İstanbul ẞ ς Σ ﬁ ㎏ Ⅻ 한국어",
        "e\u0301\u0323 a\u0323\u0301 \u0344\u0f73",
        "\U0001d165\U0001d16d x \U0001d16d\U0001d165",
        "",
    ]
    rnd = random.Random(17)
    alphabet = [chr(i) for i in range(0x20, 0x2FFF)] + ["\U0001d165", "\U0001d16d", "\U0001d15f"]
    samples += ["".join(rnd.choices(alphabet, k=rnd.randrange(12))) for _ in range(20_000)]
    assert [fold_fast(s) for s in samples] == [fold(s) for s in samples]


def test_sort_key_orders_names_as_a_vietnamese_dictionary():
    from kc_common.text import sort_key

    expected = [
        "123 Phát",  # digits first
        "An Phú",  # a shorter word first
        "Anh",
        "Ăn uống",  # ă after every a
        "Bình An",
        "Dũng Tiến",
        "Đại Phát",  # đ after every d, before e
        "điêu khắc",  # case is not a letter
        "Gia Long",
        "Hoa",  # then the tones: none, huyền, hỏi, ngã, sắc, nặng
        "Hòa",
        "Hỏa",
        "Hõa",
        "Hóa",
        "Họa",
        "Ô tô",
        "Ông",
        "Ơn",  # ơ after ô
        "Tân Uyên",
        "Thành Lễ",
        "Thủ Dầu Một",
        "Uyên",
        "Ưng",  # ư after u
        "ZETA",
    ]
    assert sorted(reversed(expected), key=sort_key) == expected


def test_sort_key_ignores_case_spacing_and_normal_form():
    import unicodedata

    from kc_common.text import sort_key

    assert (
        sort_key("BÌNH  AN ")
        == sort_key("bình an")
        == sort_key(unicodedata.normalize("NFD", "Bình An"))
    )
    assert sort_key("Hoa") != sort_key("Hòa")  # tones do count, after the letters
    # punctuation before digits and letters; only ASCII stand-ins in the letters' part
    assert sort_key("A-B") < sort_key("A1") < sort_key("AB")
    assert sort_key("Đồng Nai").split("\x01")[0].isascii()


def test_sort_key_fits_400_characters_whatever_the_name():
    from kc_common.text import sort_key

    for name in ("ﬃ" * 255, "Hà " * 85, "Đ" * 255):
        assert len(sort_key(name)) <= 400


def test_sort_key_strings_are_pinned():
    """Stored keys (name_key columns) must not change under them: a change to `sort_key` is a
    migration that keys every row again."""
    from kc_common.text import sort_key

    assert sort_key("Công ty Đại Phát") == "ETRK Zf GAM VLAZ\x010054"
    assert sort_key("Hộ kinh doanh Ăn uống 24h") == "LT OMRL FSARL BR aTRK 24L\x0150004"
    assert sort_key("ﬀ Ơn") == "J UR"


def test_sort_key_word_by_word_equals_the_whole_name_at_once(monkeypatch):
    """Keys are worked out word by word, with the words remembered: the same as translating the
    whole name, whatever it holds (marks, spaces of every kind, other scripts), remembered or
    not."""
    import random
    import unicodedata

    from kc_common import text

    def whole(value: str) -> str:  # the key's definition, the name translated at once
        value = unicodedata.normalize("NFC", value)
        letters = " ".join(value.translate(text._LETTERS_TABLE).split())[: text.SORT_KEY_LETTERS]
        tones = "".join(max(w) for w in value.translate(text._TONES_TABLE).split())
        tones = tones[: text.SORT_KEY_TONES].rstrip("0")
        return f"{letters}\x01{tones}" if tones else letters

    chars = "aăâbdđeêioôơuưyAĂĐƠƯ àáảãạằắẳẵặèéẻẽẹồốổỗộờớởỡợừứửữựỳ09!-_.,'"
    chars += "\t\u00a0\u0301\u0323\u200b한字ﬀß\u2028"
    rng = random.Random(7)
    names = ["".join(rng.choice(chars) for _ in range(rng.randint(0, 60))) for _ in range(20_000)]
    text._WORD_PARTS.clear()
    assert [text.sort_key(n) for n in names] == [whole(n) for n in names]  # filling
    assert [text.sort_key(n) for n in names] == [whole(n) for n in names]  # remembered
    monkeypatch.setattr(text, "_WORD_PARTS_MAX", 0)
    text._WORD_PARTS.clear()
    assert [text.sort_key(n) for n in names] == [whole(n) for n in names]  # none remembered
    assert not text._WORD_PARTS


def test_sort_key_remembers_only_short_words(monkeypatch):
    """The remembered words are bounded in memory, not only in number: a project title is up
    to 500 characters, so 20,000 remembered long words held ~90 MB in a process, for good
    (nothing is forgotten), where names' syllables are a few letters. A long word is keyed the
    same, just not remembered."""
    import random

    from kc_common import text

    rng = random.Random(3)
    titles = [
        "Dự án " + "".join(rng.choice("abcdđeêioôơuưáàạ") for _ in range(500)) for _ in range(50)
    ]
    monkeypatch.setattr(text, "_WORD_PARTS_MAX", 0)
    unremembered = [text.sort_key(t) for t in titles]
    monkeypatch.undo()
    text._WORD_PARTS.clear()
    assert [text.sort_key(t) for t in titles] == unremembered
    assert [text.sort_key(t) for t in titles] == unremembered
    assert set(text._WORD_PARTS) == {"Dự", "án"}
