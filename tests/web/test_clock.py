"""The web layer's clock: frozen for every thread at once, dated in Beijing time, and back to
the real time when the block ends."""

from __future__ import annotations

import datetime as dt
import threading

import pytest

from gongkai_web import clock


def test_it_dates_a_moment_in_beijing_whatever_the_utc_date() -> None:
    evening_utc = dt.datetime(2025, 3, 2, 17, 30, tzinfo=dt.UTC)
    with clock.frozen(evening_utc):
        assert clock.now() == evening_utc
        assert clock.today() == dt.date(2025, 3, 3)


def test_it_reads_a_date_alone_as_nine_in_the_morning_beijing_time() -> None:
    with clock.frozen(dt.date(2025, 3, 3)) as moment:
        assert clock.now() == dt.datetime(2025, 3, 3, 9, tzinfo=clock.SHANGHAI)
        moment.advance(days=7, hours=1)
        assert moment.now == dt.datetime(2025, 3, 10, 10, tzinfo=clock.SHANGHAI)
        assert moment.today == dt.date(2025, 3, 10)


def test_it_refuses_a_moment_without_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time zone"), clock.frozen(dt.datetime(2025, 3, 3, 9)):
        pass


def test_it_shows_the_frozen_time_to_other_threads_too() -> None:
    # A browser test's live server answers in threads of its own.
    seen: list[dt.date] = []
    with clock.frozen(dt.date(2025, 3, 3)) as moment:
        moment.set(dt.date(2025, 4, 1))
        worker = threading.Thread(target=lambda: seen.append(clock.today()))
        worker.start()
        worker.join()
    assert seen == [dt.date(2025, 4, 1)]


def test_it_gives_back_the_time_frozen_before_and_then_the_real_time() -> None:
    real = clock.today()
    with clock.frozen(dt.date(2025, 3, 3)):
        with clock.frozen(dt.date(2030, 1, 1)):
            assert clock.today() == dt.date(2030, 1, 1)
        assert clock.today() == dt.date(2025, 3, 3)
    assert clock.today() in (real, real + dt.timedelta(days=1))  # the test may cross midnight


def test_it_never_freezes_the_wall_time_timers_need(frozen_clock) -> None:
    frozen_clock.set(dt.date(2001, 1, 1))
    assert clock.wall_time() > dt.datetime(2020, 1, 1, tzinfo=dt.UTC).timestamp()
    assert clock.today() == dt.date(2001, 1, 1)
