"""Working days on the Chinese statutory calendar, and the disclosure clock built on them."""

from gongkai.workdays.calendar import (
    Calendar,
    CalendarDataError,
    DayKind,
    Holiday,
    MakeUpWorkday,
    UnknownYearError,
    YearSchedule,
    shipped_years,
)
from gongkai.workdays.explain import Explanation, explain
from gongkai.workdays.periods import ClockError, Pause, PauseKind, counted_days, due_date

__all__ = [
    "Calendar",
    "CalendarDataError",
    "ClockError",
    "DayKind",
    "Explanation",
    "Holiday",
    "MakeUpWorkday",
    "Pause",
    "PauseKind",
    "UnknownYearError",
    "YearSchedule",
    "counted_days",
    "due_date",
    "explain",
    "shipped_years",
]
