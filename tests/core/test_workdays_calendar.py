"""The calendar as data: shipped years agree with chinese-calendar, unknown years fail loudly."""

import datetime as dt
import importlib.util
import json
from pathlib import Path

import chinese_calendar
import pytest

from gongkai.workdays import (
    Calendar,
    CalendarDataError,
    DayKind,
    Holiday,
    MakeUpWorkday,
    UnknownYearError,
    YearSchedule,
    shipped_years,
)

DATA = Path(__file__).resolve().parents[2] / "src/gongkai/workdays/data"
CAL = Calendar.shipped()
D = dt.date


def year_2027() -> YearSchedule:
    # A made-up schedule standing in for one an administrator types in from the notice.
    return YearSchedule(
        2027,
        holidays=(Holiday(D(2027, 1, 1), "元旦"), Holiday(D(2027, 2, 8), "春节")),
        makeup_workdays=(MakeUpWorkday(D(2027, 2, 6), "春节"),),
        source="test",
    )


def test_it_ships_one_file_per_year_from_2004_to_2026() -> None:
    assert sorted(p.name for p in DATA.glob("*.json")) == [f"{y}.json" for y in range(2004, 2027)]
    assert CAL.years == tuple(range(2004, 2027))


def test_it_agrees_with_chinese_calendar_on_every_day_from_2004_to_2026() -> None:
    day, disagreements = D(2004, 1, 1), []
    while day <= D(2026, 12, 31):
        if CAL.is_workday(day) != chinese_calendar.is_workday(day):
            disagreements.append(day)
        on_holiday, name = chinese_calendar.get_holiday_detail(day)
        holiday = CAL.holiday(day)
        assert (holiday is not None) == (on_holiday and name is not None), day
        day += dt.timedelta(days=1)
    assert disagreements == []


def test_it_names_holidays_and_makeup_days_in_chinese() -> None:
    assert CAL.kind(D(2024, 2, 4)) is DayKind.MAKEUP_WORKDAY
    assert CAL.makeup(D(2024, 2, 4)) == MakeUpWorkday(D(2024, 2, 4), "春节")
    assert CAL.holiday(D(2024, 10, 1)) == Holiday(D(2024, 10, 1), "国庆节")
    assert CAL.holiday(D(2015, 9, 3)) is not None
    assert "抗日战争" in CAL.holiday(D(2015, 9, 3)).name  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("day", "kind"),
    [
        (D(2024, 2, 4), DayKind.MAKEUP_WORKDAY),  # Sunday worked before the Spring Festival
        (D(2024, 2, 18), DayKind.MAKEUP_WORKDAY),  # Sunday worked after it
        (D(2024, 2, 10), DayKind.HOLIDAY),  # Saturday inside the break
        (D(2024, 2, 15), DayKind.HOLIDAY),  # Thursday off in lieu
        (D(2024, 10, 12), DayKind.MAKEUP_WORKDAY),  # Saturday worked for National Day
        (D(2024, 10, 7), DayKind.HOLIDAY),
        (D(2024, 10, 8), DayKind.WORKDAY),
        (D(2025, 1, 26), DayKind.MAKEUP_WORKDAY),
        (D(2026, 2, 14), DayKind.MAKEUP_WORKDAY),
        (D(2026, 12, 31), DayKind.WORKDAY),
        (D(2024, 3, 2), DayKind.WEEKEND),
    ],
)
def test_it_classifies_the_days_clerks_ask_about(day: dt.date, kind: DayKind) -> None:
    assert CAL.kind(day) is kind


def test_it_marks_days_off_in_lieu() -> None:
    holiday = CAL.holiday(D(2024, 2, 15))
    assert holiday is not None and holiday.in_lieu
    assert not CAL.holiday(D(2024, 2, 10)).in_lieu  # type: ignore[union-attr]


def test_it_refuses_a_year_it_does_not_know_naming_the_year() -> None:
    with pytest.raises(UnknownYearError) as raised:
        CAL.is_workday(D(2027, 1, 4))
    assert raised.value.year == 2027
    assert str(raised.value) == (
        "日历中没有 2027 年的节假日安排，请由管理员录入国务院办公厅公布的 2027 年安排"
    )
    with pytest.raises(UnknownYearError, match="2003"):
        CAL.kind(D(2003, 12, 31))


def test_it_refuses_to_count_across_the_end_of_2026() -> None:
    assert CAL.add_working_days(D(2026, 12, 1), 20) == D(2026, 12, 29)
    with pytest.raises(UnknownYearError, match="2027"):
        CAL.add_working_days(D(2026, 12, 20), 20)
    with pytest.raises(UnknownYearError, match="2027"):
        CAL.working_days_between(D(2026, 12, 20), D(2027, 1, 10))


def test_it_takes_a_new_year_at_run_time() -> None:
    calendar = Calendar.from_years({2027: year_2027()})
    assert calendar.years[-1] == 2027
    assert calendar.is_workday(D(2027, 2, 6))  # Saturday, entered as a make-up day
    assert not calendar.is_workday(D(2027, 2, 8))  # Monday, entered as a holiday
    # 2026-12-20 is a Sunday: 9 working days left in December, New Year's Day off, then
    # 4-8 and 11-15 January make 19, and Monday the 18th is the 20th.
    assert calendar.add_working_days(D(2026, 12, 20), 20) == D(2027, 1, 18)
    assert not Calendar.shipped().knows(2027)  # the shipped calendar is not changed


def test_it_lets_an_entered_year_replace_a_shipped_one() -> None:
    empty_2024 = YearSchedule(2024, holidays=(), makeup_workdays=())
    calendar = Calendar.from_years({2024: empty_2024})
    assert calendar.is_workday(D(2024, 10, 1))
    assert not calendar.is_workday(D(2024, 2, 4))


def test_it_refuses_to_count_across_a_missing_year() -> None:
    calendar = Calendar.from_years({2028: YearSchedule(2028, (), ())})
    with pytest.raises(UnknownYearError, match="2027"):
        calendar.add_working_days(D(2026, 12, 20), 20)


def test_it_builds_a_calendar_from_given_years_only() -> None:
    calendar = Calendar.from_years({2027: year_2027()}, include_shipped=False)
    assert calendar.years == (2027,)
    with pytest.raises(UnknownYearError):
        calendar.is_workday(D(2026, 12, 31))


def test_it_round_trips_a_year_through_json() -> None:
    for schedule in shipped_years().values():
        assert YearSchedule.from_dict(json.loads(json.dumps(schedule.to_dict()))) == schedule
    on_disk = json.loads((DATA / "2024.json").read_text(encoding="utf-8"))
    assert shipped_years()[2024].to_dict() == on_disk


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"year": 2027, "holidays": [{"date": "2026-10-01", "name": "国庆节"}]}, "其他年份"),
        ({"year": 2027, "makeup_workdays": [{"date": "2027-02-08", "name": "春节"}]}, "星期一"),
        ({"year": 2027, "holidays": [{"date": "2027-02-30", "name": "春节"}]}, "无法识别"),
        ({"year": 2027, "holidays": [{"date": 20270101, "name": "元旦"}]}, "YYYY-MM-DD"),
        ({"year": 2027, "holidays": [{"date": "2027-01-01"}]}, "name"),
        ({"year": 2027, "holidays": [{"date": "2027-01-01", "name": " "}]}, "节日名称"),
        (
            {
                "year": 2027,
                "holidays": [{"date": "2027-01-01", "name": "元旦"}] * 2,
            },
            "重复",
        ),
        (
            {
                "year": 2027,
                "holidays": [{"date": "2027-02-06", "name": "春节"}],
                "makeup_workdays": [{"date": "2027-02-06", "name": "春节"}],
            },
            "既被录为放假日又被录为调休上班日",
        ),
    ],
)
def test_it_rejects_a_schedule_that_contradicts_itself(
    data: dict[str, object], message: str
) -> None:
    with pytest.raises(CalendarDataError, match=message):
        YearSchedule.from_dict(data)


def test_it_rejects_a_year_filed_under_another_number() -> None:
    with pytest.raises(CalendarDataError, match="2027"):
        Calendar.from_years({2026: year_2027()})


def test_it_ships_exactly_what_the_seed_script_writes() -> None:
    script = Path(__file__).resolve().parents[2] / "scripts/seed_calendar.py"
    spec = importlib.util.spec_from_file_location("seed_calendar", script)
    assert spec is not None and spec.loader is not None
    seed = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(seed)
    assert seed.known_years() == list(range(2004, 2027))
    for year in seed.known_years():
        expected = seed.dumps(seed.year_document(year))
        assert (DATA / f"{year}.json").read_text(encoding="utf-8") == expected, year
