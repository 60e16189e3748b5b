"""How long replies took: the working days from receipt to reply of each replied case, as the
statutory clock counts them (from the corrected application when there was a 补正, without
the days a consultation stopped the clock), and their median and 90th percentile."""

from __future__ import annotations

import datetime as dt
import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from gongkai.workdays.calendar import Calendar
from gongkai.workdays.clock import CaseClock
from gongkai.workdays.periods import counted_days

# The 其他处理 rows are closures without a reply (no correction, fee unpaid, withdrawn): the
# time they took says nothing about how soon the agency answers.
NOT_REPLIES: Final = frozenset({"other_1", "other_2", "other_3"})


def is_reply(row: str) -> bool:
    return bool(row) and row not in NOT_REPLIES


def days_to_reply(clock: CaseClock, replied: dt.date, calendar: Calendar) -> int:
    return counted_days(calendar, clock.start, replied, clock.pauses)


@dataclass(frozen=True)
class ReplyTimes:
    count: int
    median: float | None  # None below the minimum count
    p90: int | None

    @property
    def enough(self) -> bool:
        return self.median is not None


def summarise(days: Iterable[int], minimum: int) -> ReplyTimes:
    """The median and the nearest-rank 90th percentile, once at least ``minimum`` cases (and
    at least one) are counted."""
    ordered: Sequence[int] = sorted(days)
    if len(ordered) < max(1, minimum):
        return ReplyTimes(len(ordered), None, None)
    rank = math.ceil(0.9 * len(ordered))
    return ReplyTimes(len(ordered), float(statistics.median(ordered)), ordered[rank - 1])


def window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The last 12 months up to ``today``: (first day, today), both counted."""
    try:
        start = today.replace(year=today.year - 1)
    except ValueError:  # 29 February
        start = today.replace(year=today.year - 1, day=28)
    return start + dt.timedelta(days=1), today
