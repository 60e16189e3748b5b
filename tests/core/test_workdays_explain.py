"""Every due date explains itself, step by step, and the steps add up."""

import datetime as dt
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import Calendar, Pause, PauseKind, due_date, explain
from gongkai.workdays.explain import (
    Counted,
    HolidayRun,
    MakeUpDay,
    Milestone,
    Start,
    Stopped,
    Weekend,
    sentence,
)

CAL = Calendar.shipped()
D = dt.date
THIRD = PauseKind.THIRD_PARTY


def test_it_explains_the_2024_spring_festival_day_by_day() -> None:
    e = explain(CAL, D(2024, 2, 1), 20, milestones={7: "补正告知期限", 20: "答复期限"})
    assert e.end == D(2024, 3, 5)
    assert e.steps[:7] == (
        Start(D(2024, 2, 1), "收到申请"),
        Counted(D(2024, 2, 2), D(2024, 2, 2), 1, 1),
        Weekend(D(2024, 2, 3), D(2024, 2, 3)),
        MakeUpDay(D(2024, 2, 4), 2, "春节"),
        Counted(D(2024, 2, 5), D(2024, 2, 9), 3, 7),
        Milestone(D(2024, 2, 9), 7, "补正告知期限"),
        HolidayRun(D(2024, 2, 10), D(2024, 2, 17), "春节"),
    )
    assert e.steps[7] == MakeUpDay(D(2024, 2, 18), 8, "春节")
    assert e.steps[-1] == Milestone(D(2024, 3, 5), 20, "答复期限")
    assert e.milestone(7) == D(2024, 2, 9)


def test_it_speaks_chinese() -> None:
    lines = explain(CAL, D(2024, 2, 1), 20, milestones={20: "答复期限"}).sentences()
    assert (
        lines[0] == "2024年2月1日收到申请；依照《民法典》第二百零一条，当日不计入，自次日起计算。"
    )
    assert "2024年2月4日（星期日）为春节调休上班日，计第2个工作日。" in lines
    assert "2024年2月10日至2024年2月17日为春节放假，不计。" in lines
    assert "2024年2月3日（星期六）为周末休息日，不计。" in lines
    assert lines[-1] == "第20个工作日为2024年3月5日，即答复期限。"


def test_it_explains_the_national_day_make_up_saturday() -> None:
    e = explain(CAL, D(2024, 9, 30), 10)
    assert HolidayRun(D(2024, 10, 1), D(2024, 10, 7), "国庆节") in e.steps
    assert MakeUpDay(D(2024, 10, 12), 5, "国庆节") in e.steps
    assert e.end == D(2024, 10, 18)  # 8-11 Oct, Saturday 12th, then 14-18 Oct


def test_it_says_which_days_were_stopped_and_why() -> None:
    pause = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12))
    e = explain(CAL, D(2024, 3, 1), 20, pauses=[pause])
    stopped = [s for s in e.steps if isinstance(s, Stopped)]
    assert stopped == [Stopped(D(2024, 3, 6), D(2024, 3, 12), THIRD, 5)]
    assert sentence(stopped[0]) == (
        "2024年3月6日至2024年3月12日征求第三方意见"
        "（《政府信息公开条例》第三十二条、第三十三条第二款），期间不计算，其中5个工作日不计入。"
    )
    assert e.end == D(2024, 4, 8)


def test_it_stops_at_an_open_pause_and_says_the_period_resumes_later() -> None:
    e = explain(CAL, D(2024, 3, 1), 20, pauses=[Pause(PauseKind.OTHER_AGENCY, D(2024, 3, 5))])
    assert e.end is None
    assert e.counted == 2
    assert e.steps[-1] == Stopped(D(2024, 3, 6), None, PauseKind.OTHER_AGENCY, 0)
    assert "尚未结束" in e.sentences()[-1]


def test_it_names_the_event_that_starts_the_period() -> None:
    e = explain(CAL, D(2024, 3, 1), 20, event="收到补正后的申请")
    assert e.sentences()[0].startswith("2024年3月1日收到补正后的申请；")


def test_it_marks_the_end_even_without_named_milestones() -> None:
    e = explain(CAL, D(2024, 3, 1), 3)
    assert e.steps[-1] == Milestone(D(2024, 3, 6), 3, "期限届满")


def test_it_refuses_a_negative_period() -> None:
    with pytest.raises(ValueError, match="负数"):
        explain(CAL, D(2024, 3, 1), -1)


def _pauses(start: dt.date) -> st.SearchStrategy[list[Pause]]:
    return st.lists(
        st.tuples(st.integers(0, 40), st.integers(0, 15)).map(
            lambda t: Pause(THIRD, start + dt.timedelta(t[0]), start + dt.timedelta(sum(t)))
        ),
        max_size=3,
    )


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_it_accounts_for_every_day_once_and_counts_exactly_n(data: st.DataObject) -> None:
    start = data.draw(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30)))
    days = data.draw(st.integers(min_value=1, max_value=40))
    pauses = data.draw(_pauses(start))
    e = explain(CAL, start, days, pauses=pauses)

    assert e.counted == days
    assert e.end == due_date(CAL, start, days, pauses)
    covered: list[dt.date] = []
    for step in e.steps:
        match step:
            case Counted(first=a, last=b) | HolidayRun(first=a, last=b) | Weekend(first=a, last=b):
                covered += [a + dt.timedelta(i) for i in range((b - a).days + 1)]
            case Stopped(first=a, last=b) if b is not None:
                covered += [a + dt.timedelta(i) for i in range((b - a).days + 1)]
            case MakeUpDay(date=d):
                covered.append(d)
    assert covered == [start + dt.timedelta(i) for i in range(1, (e.end - start).days + 1)]

    for step in e.steps:
        # Every day counted is a working day per the data, and no other day is counted.
        if isinstance(step, Counted):
            for i in range((step.last - step.first).days + 1):
                assert CAL.is_workday(step.first + dt.timedelta(i))
            assert step.days == (step.last - step.first).days + 1
        if isinstance(step, MakeUpDay):
            assert step.date.weekday() >= 5 and CAL.is_workday(step.date)
        if isinstance(step, HolidayRun | Weekend):
            assert not CAL.is_workday(step.first) and not CAL.is_workday(step.last)
        if isinstance(step, Stopped) and step.last is not None:
            assert step.working_days == CAL.working_days_between(
                step.first - dt.timedelta(1), step.last
            )
    assert len(e.sentences()) == len(e.steps)


def test_it_gives_the_steps_as_json_ready_dicts() -> None:
    pause = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12))
    rows = explain(CAL, D(2024, 3, 1), 20, pauses=[pause]).as_dicts()
    assert rows[0]["step"] == "start" and rows[0]["date"] == "2024-03-01"
    stopped = next(r for r in rows if r["step"] == "stopped")
    assert stopped == {
        "step": "stopped",
        "first": "2024-03-06",
        "last": "2024-03-12",
        "kind": "third_party",
        "working_days": 5,
        "sentence": sentence(Stopped(D(2024, 3, 6), D(2024, 3, 12), THIRD, 5)),
    }
    assert {r["step"] for r in rows} >= {"start", "counted", "weekend", "holiday", "makeup_day"}
    json.dumps(rows, ensure_ascii=False)
