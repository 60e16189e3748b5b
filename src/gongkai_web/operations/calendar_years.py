"""The working-day calendar the site counts with: the shipped years plus the entered ones.

Reads only; the writes are in `gongkai_web.operations.services`. The calendar is built once per
process and rebuilt when the entered years change, which a fingerprint of the `CalendarYear`
table (one small aggregate query per call) reveals, so a year entered through one worker is
used by every other worker from its next request on.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import json
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max

from gongkai.workdays import (
    Calendar,
    CalendarDataError,
    DayKind,
    Holiday,
    MakeUpWorkday,
    Note,
    YearSchedule,
    read_notice,
    shipped_years,
)
from gongkai_web.operations.models import CalendarYear, EntryMethod

log = logging.getLogger(__name__)

Fingerprint = tuple[int, Any, Any]
_built: tuple[Fingerprint, Calendar] | None = None


def current_calendar() -> Calendar:
    """Shipped plus entered years; an entered year replaces the shipped one of that number."""
    global _built
    stamp = CalendarYear.objects.aggregate(
        count=Count("pk"), updated=Max("updated_at"), last=Max("pk")
    )
    fingerprint: Fingerprint = (stamp["count"], stamp["updated"], stamp["last"])
    built = _built
    if built is not None and built[0] == fingerprint:
        return built[1]
    found = Calendar.from_years(entered_schedules()) if fingerprint[0] else Calendar.shipped()
    # Two requests may build at once; both results are equal, so the last write is as good.
    _built = (fingerprint, found)
    return found


def entered_schedules() -> dict[int, YearSchedule]:
    found: dict[int, YearSchedule] = {}
    for row in CalendarYear.objects.all():
        try:
            found[row.year] = row.as_schedule()
        except CalendarDataError as exc:
            # Services validate before saving, so only a hand-edited row gets here; skipping it
            # keeps every page working (on the shipped year, if any) and the log names the year.
            log.error("calendar year %s is unreadable and ignored: %s", row.year, exc.message)
    return found


# --- reading what the administrator pasted --------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """A schedule read from pasted text, before anything is saved."""

    schedule: YearSchedule
    method: EntryMethod
    notes: tuple[Note, ...] = ()

    @property
    def other_year_days(self) -> tuple[Holiday | MakeUpWorkday, ...]:
        return tuple(note.day for note in self.notes if note.day is not None)


def read_entry(*, method: str, year: int | None, text: str, source: str = "") -> Entry:
    """The schedule in ``text`` (a notice, or JSON in the data-file format); raises
    `CalendarDataError` with a Chinese message saying what to fix."""
    if not text.strip():
        raise CalendarDataError("请粘贴通知全文或数据文件的内容")
    if method == EntryMethod.DATA_FILE:
        return Entry(_read_data_file(text, year, source), EntryMethod.DATA_FILE)
    if year is None:
        raise CalendarDataError("请填写年份，如 2027")
    notice = read_notice(text, year=year, source=source)
    return Entry(notice.schedule, EntryMethod.NOTICE, notice.notes)


def _read_data_file(text: str, year: int | None, source: str) -> YearSchedule:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CalendarDataError(
            f"数据文件不是有效的 JSON（第 {exc.lineno} 行第 {exc.colno} 列）；"
            "请粘贴 workdays/data/YYYY.json 那样的内容"
        ) from None
    if not isinstance(data, Mapping):
        raise CalendarDataError(
            '数据文件应是一个对象：{"year": 2027, "holidays": [...], "makeup_workdays": [...]}'
        )
    schedule = YearSchedule.from_dict(data)
    if year is not None and schedule.year != year:
        raise CalendarDataError(
            f"数据文件中的年份是 {schedule.year}，而填写的年份是 {year}；请改正其中之一"
        )
    if source.strip():
        schedule = YearSchedule(
            schedule.year, schedule.holidays, schedule.makeup_workdays, source.strip()
        )
    return schedule


# --- what the calendar page shows -----------------------------------------------------------


@dataclass(frozen=True)
class YearRow:
    year: int
    shipped: bool
    entered: CalendarYear | None
    holidays: int
    makeup_workdays: int
    source: str

    @property
    def origin(self) -> str:
        if self.entered is None:
            return "软件自带"
        return "已录入（替换软件自带）" if self.shipped else "已录入"


def year_rows(calendar: Calendar) -> list[YearRow]:
    entered = {row.year: row for row in CalendarYear.objects.select_related("entered_by")}
    rows = []
    for year in reversed(calendar.years):
        schedule = calendar.schedule(year)
        rows.append(
            YearRow(
                year=year,
                shipped=year in shipped_years(),
                entered=entered.get(year),
                holidays=len(schedule.holidays),
                makeup_workdays=len(schedule.makeup_workdays),
                source=schedule.source,
            )
        )
    return rows


def missing_years(calendar: Calendar, today: dt.date) -> list[int]:
    """This year and next, where the calendar lacks them: deadlines run into next year from
    the autumn on, and the State Council announces it around November."""
    return [year for year in (today.year, today.year + 1) if not calendar.knows(year)]


def overdue_years(calendar: Calendar, today: dt.date, *, next_year_from: dt.date) -> list[int]:
    """The missing years the calendar should already hold: this year always, next year from
    ``next_year_from`` on (the readiness check's rule, GONGKAI_CALENDAR_NEXT_YEAR_DUE)."""
    return [
        year
        for year in missing_years(calendar, today)
        if year == today.year or today >= next_year_from
    ]


@dataclass(frozen=True)
class Day:
    date: dt.date
    kind: DayKind
    name: str = ""

    @property
    def label(self) -> str:
        if self.kind is DayKind.HOLIDAY:
            return f"{self.name}放假"
        if self.kind is DayKind.MAKEUP_WORKDAY:
            return f"{self.name}调休上班"
        return "周末" if self.kind is DayKind.WEEKEND else "工作日"

    @property
    def mark(self) -> str:
        return {DayKind.HOLIDAY: "休", DayKind.MAKEUP_WORKDAY: "班"}.get(self.kind, "")


@dataclass(frozen=True)
class Month:
    number: int
    weeks: list[list[Day | None]]


def month_grid(schedule: YearSchedule) -> list[Month]:
    """The year month by month, weeks from Monday, each day with its kind."""
    single = Calendar([schedule])
    months = []
    for number in range(1, 13):
        weeks: list[list[Day | None]] = []
        for week in month_calendar.Calendar(firstweekday=0).monthdatescalendar(
            schedule.year, number
        ):
            row: list[Day | None] = []
            for day in week:
                if day.month != number:
                    row.append(None)
                    continue
                kind = single.kind(day)
                holiday, makeup = single.holiday(day), single.makeup(day)
                name = holiday.name if holiday else makeup.name if makeup else ""
                row.append(Day(day, kind, name))
            weeks.append(row)
        months.append(Month(number, weeks))
    return months


@dataclass(frozen=True)
class Change:
    date: dt.date
    before: str
    after: str


def changes(before: YearSchedule | None, after: YearSchedule) -> list[Change]:
    """Days that would count differently than in the year now in use. Names alone do not
    count: the shipped data writes 清明 where the notice writes 清明节."""
    if before is None:
        return []
    old, new = _kinds(before), _kinds(after)
    return [
        Change(day, old.get(day, ("", ORDINARY))[1], new.get(day, ("", ORDINARY))[1])
        for day in sorted(set(old) | set(new))
        if old.get(day, ("", ""))[0] != new.get(day, ("", ""))[0]
    ]


ORDINARY = "平常日子"


def _kinds(schedule: YearSchedule) -> dict[dt.date, tuple[str, str]]:
    found = {h.date: ("off", f"{h.name}放假") for h in schedule.holidays}
    found.update((m.date, ("on", f"{m.name}调休上班")) for m in schedule.makeup_workdays)
    return found


@dataclass(frozen=True)
class Festival:
    """A festival as the pages list it: its days off as ranges, and its make-up days."""

    name: str
    ranges: list[tuple[dt.date, dt.date]]
    makeup: list[dt.date]

    @property
    def days_off(self) -> int:
        return sum((last - first).days + 1 for first, last in self.ranges)


def festivals(schedule: YearSchedule) -> list[Festival]:
    names = list(dict.fromkeys([h.name for h in schedule.holidays]))
    names += [m.name for m in schedule.makeup_workdays if m.name not in names]
    found = []
    for name in dict.fromkeys(names):
        ranges: list[tuple[dt.date, dt.date]] = []
        for holiday in schedule.holidays:
            if holiday.name != name:
                continue
            if ranges and ranges[-1][1] + dt.timedelta(days=1) == holiday.date:
                ranges[-1] = (ranges[-1][0], holiday.date)
            else:
                ranges.append((holiday.date, holiday.date))
        makeup = [m.date for m in schedule.makeup_workdays if m.name == name]
        found.append(Festival(name, ranges, makeup))
    return sorted(found, key=lambda f: (f.ranges or [(f.makeup[0], f.makeup[0])])[0][0])
