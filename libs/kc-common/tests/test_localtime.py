from datetime import UTC, date, datetime

from kc_common.localtime import day_start, local_today


def test_vietnamese_day_boundaries():
    assert local_today(datetime(2026, 1, 4, 16, 59, tzinfo=UTC)) == date(2026, 1, 4)
    assert local_today(datetime(2026, 1, 4, 17, 0, tzinfo=UTC)) == date(2026, 1, 5)
    assert day_start(date(2026, 1, 5)) == datetime(2026, 1, 4, 17, 0, tzinfo=UTC)
