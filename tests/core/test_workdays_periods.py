"""Periods of N working days (民法典 art. 201) and the pauses that stop them."""

import datetime as dt

import chinese_calendar
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import Calendar, ClockError, Pause, PauseKind, UnknownYearError
from gongkai.workdays.periods import counted_days, due_date, merge

CAL = Calendar.shipped()
D = dt.date
THIRD = PauseKind.THIRD_PARTY
AGENCY = PauseKind.OTHER_AGENCY

# Start dates whose 40th working day still falls in 2026 or earlier.
starts = st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 10, 31))
lengths = st.integers(min_value=0, max_value=40)


def pauses_after(start: dt.date) -> st.SearchStrategy[list[Pause]]:
    one = st.tuples(
        st.sampled_from([THIRD, AGENCY]),
        st.integers(min_value=0, max_value=40),
        st.integers(min_value=0, max_value=20),
    ).map(lambda t: Pause(t[0], start + dt.timedelta(t[1]), start + dt.timedelta(t[1] + t[2])))
    return st.lists(one, max_size=3)


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        # Received Thursday 1 Feb 2024: Sunday 4 Feb is a make-up day (2nd), the break 10-17 Feb
        # is skipped, Sunday 18 Feb counts (8th), and the 20th working day is 5 March.
        (D(2024, 2, 1), 20, D(2024, 3, 5)),
        (D(2024, 2, 1), 7, D(2024, 2, 9)),
        (D(2024, 2, 1), 40, D(2024, 4, 2)),
        (D(2024, 2, 3), 1, D(2024, 2, 4)),  # the day after a Saturday is a make-up Sunday
        (D(2024, 2, 9), 1, D(2024, 2, 18)),  # the whole break, then a make-up Sunday
        (D(2024, 2, 17), 1, D(2024, 2, 18)),
        # National Day 2024: 1-7 Oct off, Saturday 12 Oct worked.
        (D(2024, 9, 30), 1, D(2024, 10, 8)),
        (D(2024, 10, 11), 1, D(2024, 10, 12)),
        (D(2024, 9, 25), 20, D(2024, 10, 28)),
        # Sunday 26 Jan 2025 worked before the Spring Festival.
        (D(2025, 1, 24), 1, D(2025, 1, 26)),
        (D(2025, 1, 24), 2, D(2025, 1, 27)),
        # Saturday 14 Feb 2026 worked before the Spring Festival.
        (D(2026, 2, 13), 1, D(2026, 2, 14)),
        (D(2026, 12, 1), 20, D(2026, 12, 29)),
        (D(2024, 3, 1), 0, D(2024, 3, 1)),
    ],
)
def test_it_ends_a_period_on_the_nth_working_day_after_the_start(
    start: dt.date, days: int, due: dt.date
) -> None:
    assert CAL.add_working_days(start, days) == due
    assert due_date(CAL, start, days) == due


def test_it_does_not_count_the_start_day_even_when_it_is_a_working_day() -> None:
    assert CAL.add_working_days(D(2024, 3, 4), 1) == D(2024, 3, 5)  # Monday → Tuesday
    assert CAL.working_days_between(D(2024, 3, 4), D(2024, 3, 8)) == 4


def test_it_refuses_a_negative_period() -> None:
    with pytest.raises(ValueError, match="负数"):
        CAL.add_working_days(D(2024, 3, 4), -1)


def test_it_raises_naming_2027_when_a_period_runs_off_the_calendar() -> None:
    with pytest.raises(UnknownYearError, match="2027"):
        due_date(CAL, D(2026, 12, 20), 20)
    with pytest.raises(UnknownYearError, match="2027"):
        due_date(CAL, D(2026, 12, 1), 20, [Pause(THIRD, D(2026, 12, 2), D(2026, 12, 28))])


def test_it_moves_the_due_date_by_the_working_days_stopped() -> None:
    start = D(2024, 3, 1)  # Friday; plain due date Friday 29 March
    assert due_date(CAL, start, 20) == D(2024, 3, 29)
    # Letter out Tuesday 5 March, answer back Tuesday 12 March: (5, 12] holds 5 working days.
    pause = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12))
    # Five more: 1-3 April, then Qingming (4-6 April) off, make-up Sunday 7 April, Monday 8.
    assert due_date(CAL, start, 20, [pause]) == D(2024, 4, 8)
    assert counted_days(CAL, start, D(2024, 3, 12), [pause]) == 2


def test_it_counts_the_day_a_consultation_starts_but_not_the_day_it_ends() -> None:
    start = D(2024, 3, 1)
    same_day = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 5))  # sent and answered the same day
    assert due_date(CAL, start, 20, [same_day]) == D(2024, 3, 29)
    one_day = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 6))
    assert due_date(CAL, start, 20, [one_day]) == D(2024, 4, 1)


def test_it_stops_nothing_over_a_weekend_or_holiday() -> None:
    start = D(2024, 9, 20)
    # Sent Monday 30 Sep, answered Monday 7 Oct: every day in between is National Day.
    pause = Pause(AGENCY, D(2024, 9, 30), D(2024, 10, 7))
    assert due_date(CAL, start, 20, [pause]) == due_date(CAL, start, 20)


def test_it_ignores_a_pause_that_begins_on_or_after_the_due_date() -> None:
    start = D(2024, 3, 1)
    late = Pause(THIRD, D(2024, 3, 29), D(2024, 4, 20))
    assert due_date(CAL, start, 20, [late]) == D(2024, 3, 29)


def test_it_counts_overlapping_pauses_once() -> None:
    start = D(2024, 3, 1)
    a = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12))
    b = Pause(AGENCY, D(2024, 3, 8), D(2024, 3, 14))
    assert due_date(CAL, start, 20, [a, b]) == due_date(
        CAL, start, 20, [Pause(THIRD, D(2024, 3, 5), D(2024, 3, 14))]
    )
    assert len(merge([a, b])) == 1


def test_it_has_no_due_date_while_a_pause_is_open() -> None:
    start = D(2024, 3, 1)
    assert due_date(CAL, start, 20, [Pause(THIRD, D(2024, 3, 5))]) is None
    # ... unless the clock had already run out before the open pause began.
    assert due_date(CAL, start, 20, [Pause(THIRD, D(2024, 4, 1))]) == D(2024, 3, 29)


def test_it_refuses_a_pause_that_ends_before_it_starts() -> None:
    with pytest.raises(ClockError, match="早于开始日期"):
        Pause(THIRD, D(2024, 3, 5), D(2024, 3, 4))


@settings(max_examples=300, deadline=None)
@given(starts, lengths)
def test_it_agrees_with_chinese_calendar(start: dt.date, days: int) -> None:
    # The package's own list of the working days after the start, taken straight from it.
    horizon = min(start + dt.timedelta(90), D(2026, 12, 31))
    after = chinese_calendar.get_workdays(start + dt.timedelta(1), horizon)
    expected = after[days - 1] if days else start
    assert CAL.add_working_days(start, days) == expected


@settings(max_examples=300, deadline=None)
@given(starts, st.integers(min_value=1, max_value=40))
def test_it_always_lands_on_a_working_day(start: dt.date, days: int) -> None:
    due = CAL.add_working_days(start, days)
    assert CAL.is_workday(due)
    assert CAL.working_days_between(start, due) == days


@settings(max_examples=300, deadline=None)
@given(starts, starts, st.integers(min_value=1, max_value=40))
def test_it_is_monotone_in_the_start_date(a: dt.date, b: dt.date, days: int) -> None:
    first, second = sorted((a, b))
    assert CAL.add_working_days(first, days) <= CAL.add_working_days(second, days)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_it_never_brings_the_due_date_forward_when_a_pause_is_added(data: st.DataObject) -> None:
    start = data.draw(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30)))
    days = data.draw(st.integers(min_value=1, max_value=40))
    pauses = data.draw(pauses_after(start))
    extra = data.draw(pauses_after(start).filter(bool))[0]
    before = due_date(CAL, start, days, pauses)
    after = due_date(CAL, start, days, [*pauses, extra])
    assert before is not None and after is not None
    assert after >= before


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_it_counts_exactly_n_unstopped_working_days_to_the_due_date(data: st.DataObject) -> None:
    start = data.draw(st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30)))
    days = data.draw(st.integers(min_value=1, max_value=40))
    pauses = data.draw(pauses_after(start))
    due = due_date(CAL, start, days, pauses)
    assert due is not None
    # Day by day, straight from the data, with the (start, end] rule spelt out again.
    counted, day = 0, start
    while day < due:
        day += dt.timedelta(1)
        stopped = any(p.start < day <= p.end for p in pauses if p.end is not None)
        counted += chinese_calendar.is_workday(day) and not stopped
    assert counted == days == counted_days(CAL, start, due, pauses)
    assert CAL.is_workday(due) and not any(p.stops(due) for p in pauses)


def test_it_needs_no_calendar_for_a_pause_that_begins_after_the_due_date() -> None:
    late = Pause(THIRD, D(2027, 1, 5))  # open, in a year the shipped calendar does not hold
    assert due_date(CAL, D(2026, 11, 2), 20, [late]) == D(2026, 11, 30)
