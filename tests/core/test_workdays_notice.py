"""Reading the State Council's holiday notice into a year's schedule.

The published notices for 2023–2026 (tests/fixtures/holiday_notices/) must give exactly the
days of the shipped data files, which were seeded from chinese-calendar. Two differences are
expected and spelled out: the notice names 清明节, 端午节, 中秋节 where chinese-calendar writes
清明, 端午, 中秋 (and a combined 国庆节、中秋节 section names every day with both), and
`in_lieu` is never set by the parser.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gongkai.workdays import (
    Calendar,
    CalendarDataError,
    Holiday,
    MakeUpWorkday,
    YearSchedule,
    shipped_years,
)
from gongkai.workdays.notice import NoteKind, read_notice

NOTICES = Path(__file__).resolve().parents[1] / "fixtures/holiday_notices"
D = dt.date
WEEKDAYS = "一二三四五六日"
CHINESE_CALENDAR_NAMES = {"清明节": "清明", "端午节": "端午", "中秋节": "中秋"}


def notice_text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def same_day_names(parsed: str, shipped: str) -> bool:
    return shipped in {CHINESE_CALENDAR_NAMES.get(n, n) for n in parsed.split("、")}


def assert_matches_shipped(parsed: YearSchedule, shipped: YearSchedule) -> None:
    assert [h.date for h in parsed.holidays] == [h.date for h in shipped.holidays]
    assert [m.date for m in parsed.makeup_workdays] == [m.date for m in shipped.makeup_workdays]
    for mine, theirs in zip(parsed.holidays, shipped.holidays, strict=True):
        assert same_day_names(mine.name, theirs.name), (mine, theirs)
        assert mine.in_lieu is False
    for mine_m, theirs_m in zip(parsed.makeup_workdays, shipped.makeup_workdays, strict=True):
        assert same_day_names(mine_m.name, theirs_m.name), (mine_m, theirs_m)


# --- the published notices ------------------------------------------------------------------


@pytest.mark.parametrize("year", [2024, 2025, 2026])
def test_it_reads_the_published_notice_into_the_shipped_schedule(year: int) -> None:
    notice = read_notice(notice_text(year), year=year)
    assert notice.schedule.year == year
    assert_matches_shipped(notice.schedule, shipped_years()[year])
    assert notice.other_year_days == ()
    # Working days agree on every day of the year, which is what deadlines depend on.
    mine = Calendar.from_years({year: notice.schedule}, include_shipped=False)
    shipped = Calendar.shipped()
    day = D(year, 1, 1)
    while day.year == year:
        assert mine.kind(day) == shipped.kind(day), day
        day += dt.timedelta(days=1)


def test_it_keeps_the_notice_s_names_of_the_festivals() -> None:
    names = {h.name for h in read_notice(notice_text(2025), year=2025).schedule.holidays}
    assert names == {"元旦", "春节", "清明节", "劳动节", "端午节", "国庆节、中秋节"}
    makeup = read_notice(notice_text(2026), year=2026).schedule.makeup_workdays
    assert makeup[0] == MakeUpWorkday(D(2026, 1, 4), "元旦")
    assert makeup[-1] == MakeUpWorkday(D(2026, 10, 10), "国庆节")


def test_it_takes_the_document_number_as_the_source_unless_one_is_given() -> None:
    notice = read_notice(notice_text(2025), year=2025)
    assert notice.document_number == "国办发明电〔2024〕12号"
    assert notice.schedule.source == "国办发明电〔2024〕12号"
    given_source = read_notice(
        notice_text(2025), year=2025, source="  国办发明电〔2024〕12号（转发）"
    )
    assert given_source.schedule.source == "国办发明电〔2024〕12号（转发）"
    unnumbered = read_notice(notice_text(2026), year=2026)
    assert unnumbered.document_number == ""
    assert unnumbered.schedule.source == "国务院办公厅关于2026年部分节假日安排的通知"


def test_it_reports_days_of_another_year_instead_of_entering_them() -> None:
    notice = read_notice(notice_text(2023), year=2023)
    assert notice.other_year_days == (Holiday(D(2022, 12, 31), "元旦"),)
    [note] = notice.notes
    assert note.kind is NoteKind.OTHER_YEAR_HOLIDAY
    assert note.message == "2022年12月31日（星期六，元旦放假）属于 2022 年，没有录入 2023 年的安排"
    assert notice.schedule.holidays[0] == Holiday(D(2023, 1, 1), "元旦")
    # The shipped 2023 also holds 30–31 December as 元旦, from the 2024 notice's "与周末连休":
    # weekend days, so no count changes; the 2023 notice itself does not list them.
    shipped = shipped_years()[2023]
    tail = {D(2023, 12, 30), D(2023, 12, 31)}
    assert all(day.weekday() >= 5 for day in tail)
    trimmed = YearSchedule(
        2023,
        tuple(h for h in shipped.holidays if h.date not in tail),
        shipped.makeup_workdays,
    )
    assert_matches_shipped(notice.schedule, trimmed)
    assert Holiday(D(2022, 12, 31), "元旦") in shipped_years()[2022].holidays


def test_it_notes_a_sentence_with_a_date_that_says_neither_off_nor_at_work() -> None:
    notice = read_notice(notice_text(2024), year=2024)
    [note] = notice.notes
    assert note.kind is NoteKind.UNREAD_SENTENCE
    assert "除夕（2月9日）休息" in note.message
    assert "按平常日子计算" in note.message
    assert Calendar.from_years({2024: notice.schedule}).is_workday(D(2024, 2, 9))


# --- layouts people paste -------------------------------------------------------------------


def test_it_reads_a_notice_pasted_as_one_line_with_spaces() -> None:
    one_line = " ".join(notice_text(2023).split())
    assert (
        read_notice(one_line, year=2023).schedule
        == read_notice(notice_text(2023), year=2023).schedule
    )


def test_it_reads_unnumbered_and_bulleted_sections_and_hard_wrapped_lines() -> None:
    text = (
        "元旦：1月1日（周三）放假1天，不调休。\n"
        "- 春节 :1月28日（农历除夕、周二）至2月4日\n（农历正月初七、周二）放假调休，共8天。"
        "1月26日（周日）、\n2月8日（周六）上班。\n"
        "• 劳动节:5月1日(周四)至5日(周一)放假调休,共5天。4月27日(周日)补班。\n"
    )
    schedule = read_notice(text, year=2025).schedule
    assert [h.date for h in schedule.holidays if h.name == "春节"] == [
        D(2025, 1, 28) + dt.timedelta(days=n) for n in range(8)
    ]
    assert [m.date for m in schedule.makeup_workdays] == [
        D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27),
    ]  # fmt: skip
    assert schedule.holidays[0] == Holiday(D(2025, 1, 1), "元旦")


def test_it_reads_full_width_digits_and_brackets() -> None:
    text = "一、元旦：１月１日（周四）至３日（周六）放假调休，共３天。１月４日（周日）上班。"
    schedule = read_notice(text, year=2026).schedule
    assert [h.date for h in schedule.holidays] == [D(2026, 1, 1), D(2026, 1, 2), D(2026, 1, 3)]
    assert schedule.makeup_workdays == (MakeUpWorkday(D(2026, 1, 4), "元旦"),)


def test_it_reads_dashes_as_ranges() -> None:
    schedule = read_notice("元旦：1月1日——3日放假。春节：2月15日-23日放假。", year=2026).schedule
    assert len(schedule.holidays) == 3 + 9


def test_it_carries_a_range_across_the_new_year_when_the_end_gives_its_month() -> None:
    notice = read_notice("一、元旦：2022年12月31日至1月2日放假调休，共3天。", year=2023)
    assert [h.date for h in notice.schedule.holidays] == [D(2023, 1, 1), D(2023, 1, 2)]
    assert notice.other_year_days == (Holiday(D(2022, 12, 31), "元旦"),)


def test_it_reports_a_make_up_day_in_the_previous_year() -> None:
    text = "一、元旦：2007年12月30日至2008年1月1日放假，共3天。2007年12月29日（星期六）上班。"
    notice = read_notice(text, year=2008)
    assert notice.schedule.makeup_workdays == ()
    kinds = [note.kind for note in notice.notes]
    assert kinds == [
        NoteKind.OTHER_YEAR_HOLIDAY, NoteKind.OTHER_YEAR_HOLIDAY, NoteKind.OTHER_YEAR_MAKEUP,
    ]  # fmt: skip
    assert notice.other_year_days[-1] == MakeUpWorkday(D(2007, 12, 29), "元旦")


# --- what it refuses, and how it says so ----------------------------------------------------


def refusal(text: str, year: int = 2026) -> str:
    with pytest.raises(CalendarDataError) as caught:
        read_notice(text, year=year)
    return caught.value.message


def test_it_refuses_a_notice_of_another_year() -> None:
    message = refusal(notice_text(2026), year=2027)
    assert message == (
        "通知写的是 2026 年的安排，而录入的年份是 2027 年；请改正年份，或粘贴该年份的通知"
    )


def test_it_refuses_a_weekday_that_contradicts_the_date_naming_the_sentence() -> None:
    message = refusal("一、元旦：1月1日（周五）至3日（周日）放假调休，共3天。")
    assert message.startswith("无法读取“元旦：1月1日（周五）至3日（周日）放假调休，共3天”：")
    assert "2026年1月1日是星期四，而通知写的是“1月1日（周五）”" in message


def test_it_checks_the_weekday_of_a_range_end() -> None:
    assert "2026年1月3日是星期六" in refusal("元旦：1月1日（周四）至3日（周日）放假。")


def test_it_refuses_a_total_that_does_not_match_the_range() -> None:
    message = refusal("二、春节：2月15日至23日放假调休，共8天。")
    assert "所列放假日期共 9 天，而句中写的是“共8天”" in message
    assert "共 2 天" in refusal("元旦：1月1日至2日放假1天。")


def test_it_refuses_a_make_up_day_on_a_weekday() -> None:
    message = refusal("一、元旦：1月1日至3日放假调休，共3天。1月5日（周一）上班。")
    assert message.startswith("无法读取“1月5日（周一）上班”：")
    assert "2026年1月5日是星期一，本来就要上班" in message


def test_it_refuses_dates_it_cannot_place() -> None:
    assert "“3日”没有写月份" in refusal("元旦：3日至5日放假。")
    assert "“2月30日”不是有效的日期" in refusal("一、春节：2月30日放假。")
    assert "“1月4日（周日）”没有说明是放假还是上班" in refusal(
        "一、元旦：1月1日至3日放假调休，共3天，1月4日（周日）调休。"
    )
    assert "看不懂日期之间的“或”" in refusal("一、元旦：1月1日或2日放假。")
    assert "看不懂日期“1月4日”与“上班”之间的“起”" in refusal("一、元旦：1月4日起上班。")
    assert "“1日”早于“1月5日”" in refusal("一、元旦：1月5日至1日放假。")
    assert "超过 31 天" in refusal("一、春节：1月1日至3月1日放假。")
    assert "括号不配对" in refusal("一、元旦：1月1日（周四至3日放假。")


def test_it_refuses_a_day_listed_twice() -> None:
    assert "2026年1月2日在“元旦”和“春节”中都被列为放假日" in refusal(
        "一、元旦：1月1日至3日放假。二、春节：1月2日放假。"
    )
    assert "2026年1月3日既被列为放假日，又被列为上班日" in refusal(
        "一、元旦：1月1日至3日放假。二、春节：1月3日（周六）上班。"
    )
    assert "在“元旦”中重复列出" in refusal("一、元旦：1月1日至3日、2日放假。")


def test_it_refuses_text_without_any_arrangement() -> None:
    assert "没有读到任何节假日安排" in refusal("经国务院批准，现将有关事项通知如下。")
    assert "没有读到任何节假日安排" in refusal("")
    message = refusal("一、元旦：放假安排另行通知。二、春节：2月15日至23日放假。")
    assert message.startswith("“元旦”一项中没有读到放假或上班的日期")


def test_it_refuses_a_year_out_of_range() -> None:
    assert "不在 1949–2199 之间" in refusal("一、元旦：1月1日放假。", year=12027)


def test_an_unnumbered_line_needs_a_date_to_open_a_section() -> None:
    # The addressees' line ends with a colon; it must not become a festival without dates.
    text = "各直属机构：经国务院批准，现将放假调休日期的具体安排通知如下。\n元旦：1月1日放假。"
    assert [h.name for h in read_notice(text, year=2026).schedule.holidays] == ["元旦"]


# --- the shipped years, written out as notices and read back --------------------------------


def days_of(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]


def runs(days: Iterable[dt.date]) -> list[tuple[dt.date, dt.date]]:
    found: list[tuple[dt.date, dt.date]] = []
    for day in sorted(days):
        if found and found[-1][1] + dt.timedelta(days=1) == day:
            found[-1] = (found[-1][0], day)
        else:
            found.append((day, day))
    return found


def md(day: dt.date, *, month: bool = True, year: bool = False, weekday: str = "") -> str:
    text = (f"{day.year}年" if year else "") + (f"{day.month}月" if month else "") + f"{day.day}日"
    return text + (f"（{weekday}{WEEKDAYS[day.weekday()]}）" if weekday else "")


def section_text(
    number: str, name: str, ranges: list[tuple[dt.date, dt.date]], makeup: list[dt.date],
    *, weekday: str = "周", end_month: bool = False, count: bool = True, single_form: int = 0,
) -> str:  # fmt: skip
    parts = []
    for first, last in ranges:
        if first == last:
            parts.append(
                [f"{md(first, weekday=weekday)}放假", f"{md(first, weekday=weekday)}放假1天，不调休",
                 f"{md(first, weekday=weekday)}放假，与周末连休"][single_form]
            )  # fmt: skip
            continue
        same_month = first.month == last.month
        end = md(last, month=end_month or not same_month, weekday=weekday)
        total = f"，共{(last - first).days + 1}天" if count else ""
        parts.append(f"{md(first, weekday=weekday)}至{end}放假调休{total}")
    text = f"{number}{name}：" + "。".join(parts) + "。"
    if makeup:
        text += "、".join(md(day, weekday=weekday or "星期") for day in makeup) + "上班。"
    return text


def render(schedule: YearSchedule) -> str:
    """A notice for the schedule: one section per run of same-named holidays."""
    numbers = "一二三四五六七八九十"
    pieces: list[tuple[dt.date, str, list[tuple[dt.date, dt.date]]]] = []
    for name in dict.fromkeys(h.name for h in schedule.holidays):
        for first, last in runs(h.date for h in schedule.holidays if h.name == name):
            pieces.append((first, name, [(first, last)]))
    pieces.sort()
    makeup_by_name: dict[str, list[dt.date]] = {}
    for m in schedule.makeup_workdays:
        makeup_by_name.setdefault(m.name, []).append(m.date)
    lines = [
        f"国务院办公厅关于{schedule.year}年部分节假日安排的通知",
        "各省、自治区、直辖市人民政府：",
        "",
    ]
    for index, (_first, name, ranges) in enumerate(pieces):
        number = (numbers[index] if index < 10 else "十" + numbers[index - 10]) + "、"
        lines.append(section_text(number, name, ranges, makeup_by_name.pop(name, [])))
    for offset, (name, days) in enumerate(makeup_by_name.items()):
        number = numbers[(len(pieces) + offset) % 10] + "、"
        lines.append(section_text(number, name, [], days))
    return "\n".join(lines)


def without_in_lieu(schedule: YearSchedule) -> YearSchedule:
    return YearSchedule(
        schedule.year,
        tuple(Holiday(h.date, h.name) for h in schedule.holidays),
        schedule.makeup_workdays,
    )


@pytest.mark.parametrize("year", sorted(shipped_years()))
def test_every_shipped_year_written_as_a_notice_reads_back_the_same(year: int) -> None:
    shipped = shipped_years()[year]
    parsed = read_notice(render(shipped), year=year).schedule
    assert (parsed.holidays, parsed.makeup_workdays) == (
        without_in_lieu(shipped).holidays,
        shipped.makeup_workdays,
    )


# --- any valid schedule, written in the notice's ways, reads back ----------------------------

FESTIVALS = ["元旦", "春节", "清明节", "劳动节", "端午节", "中秋节", "国庆节", "中秋节、国庆节",
             "抗日战争胜利纪念日"]  # fmt: skip


@st.composite
def notices(draw: st.DrawFn) -> tuple[str, YearSchedule]:
    year = draw(st.integers(1950, 2150))
    names = draw(st.lists(st.sampled_from(FESTIVALS), min_size=1, max_size=7, unique=True))
    day = D(year, 1, 1) + dt.timedelta(days=draw(st.integers(0, 20)))
    sections: list[tuple[str, dt.date, dt.date]] = []
    for name in names:
        length = draw(st.integers(1, 9))
        last = day + dt.timedelta(days=length - 1)
        assume(last.year == year)
        sections.append((name, day, last))
        day = last + dt.timedelta(days=draw(st.integers(2, 45)))
    off = {day for _, first, last in sections for day in days_of(first, last)}
    weekends = [D(year, 1, 1) + dt.timedelta(days=n) for n in range(366)]
    weekends = [w for w in weekends if w.year == year and w.weekday() >= 5 and w not in off]
    taken: set[dt.date] = set()
    text_sections, holidays, makeup = [], [], []
    for index, (name, first, last) in enumerate(sections):
        worked = draw(st.lists(st.sampled_from(weekends), max_size=2, unique=True))
        worked = sorted(set(worked) - taken)
        taken.update(worked)
        number = draw(st.sampled_from(["", "一二三四五六七"[index] + "、", "- "]))
        text_sections.append(
            section_text(
                number,
                name,
                [(first, last)],
                worked,
                weekday=draw(st.sampled_from(["", "周", "星期"])),
                end_month=draw(st.booleans()),
                count=draw(st.booleans()),
                single_form=draw(st.integers(0, 2)),
            )
        )
        holidays += [Holiday(day, name) for day in days_of(first, last)]
        makeup += [MakeUpWorkday(w, name) for w in worked]
    joiner = draw(st.sampled_from(["\n", "\n\n", " ", ""]))
    text = f"国务院办公厅关于{year}年部分节假日安排的通知{joiner}" + joiner.join(text_sections)
    expected = YearSchedule(
        year,
        tuple(sorted(holidays, key=lambda h: h.date)),
        tuple(sorted(makeup, key=lambda m: m.date)),
    )
    return text, expected


@settings(max_examples=300, deadline=None)
@given(notices())
def test_a_rendered_schedule_reads_back_unchanged(case: tuple[str, YearSchedule]) -> None:
    text, expected = case
    notice = read_notice(text, year=expected.year)
    assert notice.schedule.holidays == expected.holidays
    assert notice.schedule.makeup_workdays == expected.makeup_workdays
    assert notice.notes == ()


NOTICE_CHARACTERS = list(
    "一二三、：:元旦春节 0123456789年月日至、放假调休上班（）()周星期六日，。共天\n-"
)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet=st.sampled_from(NOTICE_CHARACTERS), max_size=80), st.integers(1949, 2199))
def test_any_text_is_read_or_refused_in_chinese(text: str, year: int) -> None:
    try:
        notice = read_notice(text, year=year)
    except CalendarDataError as error:
        assert error.message and not error.message.isascii()
    else:
        assert notice.schedule.year == year
