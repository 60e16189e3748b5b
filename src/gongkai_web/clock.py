"""The web layer's one reading of the clock: what time it is for records, letters, due dates,
tasks and pages.

Views, services, selectors, tasks and commands ask `now()` (an aware datetime) or `today()`
(the date in Beijing time, Asia/Shanghai, whatever the server's zone: statutory days are
counted there) instead of reading the system clock; `tests/web/test_clock_reads.py` fails on
any other reading in ``src/gongkai_web``. So one switch sets the time everywhere:

    with clock.frozen(dt.datetime(2025, 3, 3, 9, 0, tzinfo=clock.SHANGHAI)) as moment:
        ...                           # every now()/today() answers 2025-03-03 09:00
        moment.advance(days=7)        # and now a week later
        moment.set(dt.date(2025, 4, 1))  # a date alone means 09:00 that day, Beijing time

Tests use the ``frozen_clock`` fixture (the root conftest.py), which is the same switch
already frozen at the real time. The setting is process-wide, not per thread, on purpose: a
browser test's live server answers the page's requests in threads of its own, and they must
see the time the test set. A lock keeps a reading from seeing half a change.

Not covered, because Django reads the system clock itself: ``auto_now``/``auto_now_add``
fields (annual_reports' ``created_at``/``updated_at``), session expiry and password-reset
tokens. `wall_time()` is the real clock and is never frozen: it is for timers that must agree
with something outside the process (an authenticator app's TOTP code, the cache's expiry of a
rate-limit window, a person's real idle minutes), which moving "today" by weeks must not touch.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

SHANGHAI = ZoneInfo("Asia/Shanghai")
# The hour a frozen date alone stands for: office hours, so that "today" is that date.
DATE_HOUR = 9

_lock = threading.Lock()
_frozen: dt.datetime | None = None


def now() -> dt.datetime:
    """The current moment (aware): the frozen one while `frozen` is in force."""
    with _lock:
        moment = _frozen
    return moment if moment is not None else timezone.now()


def today() -> dt.date:
    """The current date in Beijing time."""
    return now().astimezone(SHANGHAI).date()


def wall_time() -> float:
    """Seconds since the epoch from the system clock, never frozen (see the module's note)."""
    return time.time()


def _moment(value: dt.datetime | dt.date) -> dt.datetime:
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            raise ValueError(f"a frozen moment needs a time zone: {value!r}")
        return value
    return dt.datetime.combine(value, dt.time(DATE_HOUR), tzinfo=SHANGHAI)


class Frozen:
    """The handle `frozen` yields: moves the frozen time while it is in force."""

    def set(self, value: dt.datetime | dt.date) -> dt.datetime:
        global _frozen
        moment = _moment(value)
        with _lock:
            _frozen = moment
        return moment

    def advance(self, **delta: float) -> dt.datetime:
        """Move on by ``datetime.timedelta(**delta)`` (days=7, hours=1 …)."""
        return self.set(now() + dt.timedelta(**delta))

    @property
    def now(self) -> dt.datetime:
        return now()

    @property
    def today(self) -> dt.date:
        return today()


@contextmanager
def frozen(value: dt.datetime | dt.date | None = None) -> Iterator[Frozen]:
    """Freeze the clock at ``value`` (the real moment when None) for every thread until the
    block ends; then the time frozen before, if any, is back."""
    global _frozen
    with _lock:
        before = _frozen
    handle = Frozen()
    handle.set(value if value is not None else now())
    try:
        yield handle
    finally:
        with _lock:
            _frozen = before
