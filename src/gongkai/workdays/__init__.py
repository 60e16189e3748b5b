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
from gongkai.workdays.notice import Note, NoteKind, Notice, read_notice
from gongkai.workdays.periods import ClockError, Pause, PauseKind, counted_days, due_date

__all__ = [
    "Calendar",
    "CalendarDataError",
    "ClockError",
    "DayKind",
    "Explanation",
    "Holiday",
    "MakeUpWorkday",
    "Note",
    "NoteKind",
    "Notice",
    "Pause",
    "PauseKind",
    "UnknownYearError",
    "YearSchedule",
    "counted_days",
    "due_date",
    "explain",
    "read_notice",
    "shipped_years",
]
