"""Periods of N working days, and the stops (pauses) that do not count towards them.

Counting follows 民法典 art. 201: the day on which the period starts is not counted, so a period
of N working days ends on the N-th working day after the start date.

A pause that starts on day S and ends on day E stops the clock for the days in (S, E]:

* day S still counts. The consultation letter goes out that day; the agency was handling the
  application and the third party's own period (Art. 32: 15 working days) only starts the day
  after, by the same art. 201 rule.
* day E does not count. The answer comes back that day; like any event that starts a period,
  its day is left out and the clock runs again from the next day.

So the due date moves by exactly the working days in (S, E] that fall before it would have been
reached. A pause with no end yet (still consulting) stops the clock indefinitely: the due date is
unknown until it ends.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from gongkai.workdays.calendar import Calendar


class PauseKind(enum.Enum):
    THIRD_PARTY = "third_party"
    OTHER_AGENCY = "other_agency"
    # Whether the reply clock stops between a fee notice and payment is UNCONFIRMED
    # (regulation.md §4): an agency that reads 109号 that way records this kind; others do not.
    FEE_PAYMENT = "fee_payment"

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self][0]

    @property
    def basis(self) -> str:
        return _PAUSE_LABELS[self][1]


_PAUSE_LABELS = {
    PauseKind.THIRD_PARTY: ("征求第三方意见", "《政府信息公开条例》第三十二条、第三十三条第二款"),
    PauseKind.OTHER_AGENCY: ("征求其他机关意见", "《政府信息公开条例》第三十三条第二款"),
    PauseKind.FEE_PAYMENT: ("等待缴纳信息处理费", "本机关对国办函〔2020〕109号的执行口径"),
}


class ClockError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Pause:
    kind: PauseKind
    start: dt.date
    end: dt.date | None = None  # None: still running

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ClockError(
                f"{self.kind.label}的结束日期 {self.end.isoformat()} "
                f"早于开始日期 {self.start.isoformat()}，请改正"
            )

    def stops(self, day: dt.date) -> bool:
        return self.start < day and (self.end is None or day <= self.end)


@dataclass(frozen=True)
class _Span:
    """Merged stopped days (after, through]; through None means open-ended."""

    after: dt.date
    through: dt.date | None


def merge(pauses: Iterable[Pause]) -> list[_Span]:
    spans: list[_Span] = []
    for pause in sorted(pauses, key=lambda p: p.start):
        if spans:
            last = spans[-1]
            if last.through is None:
                break
            if pause.start <= last.through:
                through = None if pause.end is None else max(last.through, pause.end)
                spans[-1] = _Span(last.after, through)
                continue
        spans.append(_Span(pause.start, pause.end))
    return spans


def due_date(
    calendar: Calendar, start: dt.date, days: int, pauses: Sequence[Pause] = ()
) -> dt.date | None:
    """The ``days``-th counted working day after ``start``, or None while an open pause holds it."""
    remaining = days
    cursor = start
    for span in merge(pauses):
        if span.through is not None and span.through <= cursor:
            continue
        candidate = calendar.add_working_days(cursor, remaining)
        if candidate <= span.after:
            # Reached before this pause began (its first day still counts): later pauses,
            # even ones in years the calendar does not hold yet, change nothing.
            return candidate
        remaining -= calendar.working_days_between(cursor, max(cursor, span.after))
        if span.through is None:
            return None
        cursor = span.through
    return calendar.add_working_days(cursor, remaining)


def counted_days(
    calendar: Calendar, start: dt.date, through: dt.date, pauses: Sequence[Pause] = ()
) -> int:
    """Working days in (start, through] that count, i.e. are not stopped by a pause."""
    if through <= start:
        return 0
    total = calendar.working_days_between(start, through)
    for span in merge(pauses):
        after = max(span.after, start)
        last = through if span.through is None else min(span.through, through)
        total -= calendar.working_days_between(after, last)
    return total
