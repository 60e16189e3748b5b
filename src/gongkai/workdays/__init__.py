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
from gongkai.workdays.periods import Pause, PauseError, PauseKind, counted_days, due_date

__all__ = [
    "Calendar",
    "CalendarDataError",
    "DayKind",
    "Explanation",
    "Holiday",
    "MakeUpWorkday",
    "Pause",
    "PauseError",
    "PauseKind",
    "UnknownYearError",
    "YearSchedule",
    "counted_days",
    "due_date",
    "explain",
    "shipped_years",
]
