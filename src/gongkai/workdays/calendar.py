"""The working-day calendar: weekends, statutory holidays and 调休 make-up working days, as data.

Each year is a `YearSchedule` read from ``data/YYYY.json`` (seeded from chinese-calendar by
``scripts/seed_calendar.py``) or given at run time, e.g. a year an administrator has entered
from the State Council's notice before any package knows it. A date in a year the calendar has
no schedule for raises `UnknownYearError`: guessing Monday-to-Friday would silently produce a
wrong statutory deadline around the Spring Festival.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import json
from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from importlib import resources
from types import MappingProxyType
from typing import Any

WEEKDAY_NAMES = ("星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日")


class UnknownYearError(LookupError):
    """A date falls in a year for which no holiday schedule has been entered."""

    def __init__(self, year: int) -> None:
        self.year = year
        self.message = (
            f"日历中没有 {year} 年的节假日安排，请由管理员录入国务院办公厅公布的 {year} 年安排"
        )
        super().__init__(self.message)


class CalendarDataError(ValueError):
    """A year schedule contradicts itself (a date outside its year, a weekday make-up day …)."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class DayKind(enum.Enum):
    WORKDAY = "workday"  # Monday to Friday, not a holiday
    MAKEUP_WORKDAY = "makeup_workday"  # a Saturday or Sunday worked under 调休
    HOLIDAY = "holiday"  # a day off in the statutory arrangement (weekend days inside it too)
    WEEKEND = "weekend"  # an ordinary Saturday or Sunday

    @property
    def is_working(self) -> bool:
        return self in (DayKind.WORKDAY, DayKind.MAKEUP_WORKDAY)


@dataclass(frozen=True)
class Holiday:
    date: dt.date
    name: str  # 春节, 国庆节 … as the State Council notice names it
    in_lieu: bool = False  # a weekday off in exchange for a make-up working day (调休休息日)


@dataclass(frozen=True)
class MakeUpWorkday:
    date: dt.date
    name: str  # the holiday the make-up day pays for


@dataclass(frozen=True)
class YearSchedule:
    year: int
    holidays: tuple[Holiday, ...]
    makeup_workdays: tuple[MakeUpWorkday, ...]
    source: str = ""

    def __post_init__(self) -> None:
        days: list[Holiday | MakeUpWorkday] = [*self.holidays, *self.makeup_workdays]
        for day in days:
            if day.date.year != self.year:
                raise CalendarDataError(
                    f"{self.year} 年的安排中出现了其他年份的日期 {day.date.isoformat()}，请改正"
                )
            if not day.name.strip():
                raise CalendarDataError(f"{day.date.isoformat()} 缺少节日名称，请填写（如“春节”）")
        for makeup in self.makeup_workdays:
            if makeup.date.weekday() < 5:
                raise CalendarDataError(
                    f"调休上班日 {makeup.date.isoformat()} 是"
                    f"{WEEKDAY_NAMES[makeup.date.weekday()]}，本来就是工作日；"
                    "调休上班日只能是星期六或星期日"
                )
        holiday_dates = [h.date for h in self.holidays]
        makeup_dates = [m.date for m in self.makeup_workdays]
        for dates, what in ((holiday_dates, "放假日"), (makeup_dates, "调休上班日")):
            seen: set[dt.date] = set()
            for day_date in dates:
                if day_date in seen:
                    raise CalendarDataError(f"{what} {day_date.isoformat()} 重复录入，请删去一条")
                seen.add(day_date)
        both = sorted(set(holiday_dates) & set(makeup_dates))
        if both:
            raise CalendarDataError(
                f"{both[0].isoformat()} 既被录为放假日又被录为调休上班日，请只保留一种"
            )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> YearSchedule:
        try:
            year = int(data["year"])
            holidays = tuple(
                Holiday(
                    date=_parse_date(row["date"]),
                    name=str(row["name"]),
                    in_lieu=bool(row.get("in_lieu", False)),
                )
                for row in data.get("holidays", ())
            )
            makeup = tuple(
                MakeUpWorkday(date=_parse_date(row["date"]), name=str(row["name"]))
                for row in data.get("makeup_workdays", ())
            )
        except KeyError as exc:
            raise CalendarDataError(f"节假日安排缺少字段 {exc.args[0]!r}") from exc
        except (TypeError, AttributeError) as exc:
            raise CalendarDataError(
                "节假日安排的格式不正确：应为 {year, holidays: [{date, name}], "
                "makeup_workdays: [{date, name}]}"
            ) from exc
        return cls(year, holidays, makeup, str(data.get("source", "")))

    def to_dict(self) -> dict[str, Any]:
        return {
            "year": self.year,
            "source": self.source,
            "holidays": [
                {"date": h.date.isoformat(), "name": h.name}
                | ({"in_lieu": True} if h.in_lieu else {})
                for h in self.holidays
            ],
            "makeup_workdays": [
                {"date": m.date.isoformat(), "name": m.name} for m in self.makeup_workdays
            ],
        }


def _parse_date(value: object) -> dt.date:
    if not isinstance(value, str):
        raise CalendarDataError(f"日期应写成 YYYY-MM-DD 形式的文字，而不是 {value!r}")
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CalendarDataError(
            f"日期 {value!r} 无法识别，请写成 YYYY-MM-DD，如 2027-02-06"
        ) from exc


@functools.cache
def shipped_years() -> Mapping[int, YearSchedule]:
    """The years committed under data/, keyed by year (read once per process)."""
    found: dict[int, YearSchedule] = {}
    for entry in resources.files("gongkai.workdays").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            schedule = YearSchedule.from_dict(json.loads(entry.read_text(encoding="utf-8")))
            if entry.name != f"{schedule.year}.json":
                raise CalendarDataError(f"文件 {entry.name} 中记录的是 {schedule.year} 年的安排")
            found[schedule.year] = schedule
    return MappingProxyType(dict(sorted(found.items())))


class Calendar:
    """Answers "is this a working day?" and counts working days, for the years it holds."""

    def __init__(self, years: Iterable[YearSchedule]) -> None:
        self._years: dict[int, YearSchedule] = {}
        for schedule in years:
            self._years[schedule.year] = schedule
        self._holidays: dict[dt.date, Holiday] = {}
        self._makeup: dict[dt.date, MakeUpWorkday] = {}
        for schedule in self._years.values():
            self._holidays.update((h.date, h) for h in schedule.holidays)
            self._makeup.update((m.date, m) for m in schedule.makeup_workdays)
        # Every working day of every known year as a sorted list of ordinals: counting N working
        # days is then one bisection and one index, whatever N is.
        self._ordinals: list[int] = []
        for year in sorted(self._years):
            self._ordinals.extend(_working_ordinals(self._years[year]))

    @classmethod
    def shipped(cls) -> Calendar:
        return _shipped_calendar()

    @classmethod
    def from_years(
        cls, extra: Mapping[int, YearSchedule], *, include_shipped: bool = True
    ) -> Calendar:
        # An entered year replaces a shipped one of the same number.
        for key, schedule in extra.items():
            if key != schedule.year:
                raise CalendarDataError(f"键 {key} 与安排中的年份 {schedule.year} 不一致")
        base = dict(shipped_years()) if include_shipped else {}
        base.update(extra)
        return cls(base[year] for year in sorted(base))

    @property
    def years(self) -> tuple[int, ...]:
        return tuple(sorted(self._years))

    def schedule(self, year: int) -> YearSchedule:
        try:
            return self._years[year]
        except KeyError:
            raise UnknownYearError(year) from None

    def knows(self, year: int) -> bool:
        return year in self._years

    def require(self, year: int) -> None:
        if year not in self._years:
            raise UnknownYearError(year)

    def kind(self, day: dt.date) -> DayKind:
        self.require(day.year)
        return self._classify(day)

    def _classify(self, day: dt.date) -> DayKind:
        if day in self._makeup:
            return DayKind.MAKEUP_WORKDAY
        if day in self._holidays:
            return DayKind.HOLIDAY
        return DayKind.WEEKEND if day.weekday() >= 5 else DayKind.WORKDAY

    def is_workday(self, day: dt.date) -> bool:
        return self.kind(day).is_working

    def holiday(self, day: dt.date) -> Holiday | None:
        self.require(day.year)
        return self._holidays.get(day)

    def makeup(self, day: dt.date) -> MakeUpWorkday | None:
        self.require(day.year)
        return self._makeup.get(day)

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The ``days``-th working day after ``start``; ``start`` itself is never counted."""
        if days < 0:
            raise ValueError(f"工作日天数不能为负数：{days}")
        self.require(start.year)
        if days == 0:
            return start
        index = bisect_right(self._ordinals, start.toordinal()) + days - 1
        if index >= len(self._ordinals):
            raise UnknownYearError(self._first_unknown_year_after(start.year))
        found = dt.date.fromordinal(self._ordinals[index])
        self._require_years_between(start.year, found.year)
        return found

    def working_days_between(self, after: dt.date, through: dt.date) -> int:
        """How many working days fall in (after, through]; zero when ``through <= after``."""
        if through <= after:
            return 0
        self._require_years_between((after + dt.timedelta(days=1)).year, through.year)
        ordinals = self._ordinals
        last = bisect_right(ordinals, through.toordinal())
        return last - bisect_right(ordinals, after.toordinal())

    def _require_years_between(self, first: int, last: int) -> None:
        for year in range(first, last + 1):
            self.require(year)

    def _first_unknown_year_after(self, year: int) -> int:
        while year in self._years:
            year += 1
        return year


@functools.lru_cache(maxsize=256)
def _working_ordinals(schedule: YearSchedule) -> tuple[int, ...]:
    # Cached per schedule (frozen, hence hashable), so a calendar built per request from the
    # shipped years plus one entered year only classifies the entered year's days.
    off = {h.date for h in schedule.holidays}
    worked = {m.date for m in schedule.makeup_workdays}
    found: list[int] = []
    day = dt.date(schedule.year, 1, 1)
    while day.year == schedule.year:
        if day in worked or (day.weekday() < 5 and day not in off):
            found.append(day.toordinal())
        day += dt.timedelta(days=1)
    return tuple(found)


@functools.cache
def _shipped_calendar() -> Calendar:
    return Calendar(shipped_years().values())
