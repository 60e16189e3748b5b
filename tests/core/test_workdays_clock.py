"""The clock of one application: due dates, correction restart, pauses, extension, state."""

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.workdays import Calendar, ClockError, Pause, PauseKind, UnknownYearError
from gongkai.workdays.clock import CaseClock, ClockState, Periods, fee_payment_due

CAL = Calendar.shipped()
D = dt.date
THIRD = PauseKind.THIRD_PARTY


def test_it_gives_the_three_deadlines_of_an_application_received_before_spring_festival() -> None:
    deadlines = CaseClock(received=D(2024, 2, 1)).deadlines(CAL)
    assert deadlines.correction_notice_due == D(2024, 2, 9)
    assert deadlines.due == D(2024, 3, 5)
    assert deadlines.extended_due == D(2024, 4, 2)


def test_it_restarts_the_reply_period_from_the_corrected_application() -> None:
    clock = CaseClock(received=D(2024, 2, 1), corrected=D(2024, 2, 20))
    deadlines = clock.deadlines(CAL)
    assert deadlines.correction_notice_due == D(2024, 2, 9)  # still from the first receipt
    assert deadlines.due == CAL.add_working_days(D(2024, 2, 20), 20) == D(2024, 3, 19)
    assert deadlines.extended_due == CAL.add_working_days(D(2024, 2, 20), 40)
    assert clock.explain(CAL).sentences()[0].startswith("2024年2月20日收到补正后的申请")


def test_it_uses_forty_days_once_extended() -> None:
    clock = CaseClock(received=D(2024, 2, 1), extended=True)
    assert clock.due(CAL) == D(2024, 4, 2)
    explanation = clock.explain(CAL)
    assert explanation.milestone(20) == D(2024, 3, 5)
    assert explanation.milestone(40) == D(2024, 4, 2)


def test_it_moves_every_deadline_after_a_pause_but_not_the_correction_notice() -> None:
    pause = Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12))
    deadlines = CaseClock(received=D(2024, 3, 1), pauses=(pause,)).deadlines(CAL)
    assert deadlines.due == D(2024, 4, 8)
    assert deadlines.correction_notice_due == D(2024, 3, 12)


def test_it_reports_days_left_as_of_a_given_date() -> None:
    clock = CaseClock(received=D(2024, 3, 1))  # due Friday 29 March
    assert clock.status(CAL, D(2024, 3, 1)).days_left == 20
    assert clock.status(CAL, D(2024, 3, 4)).days_left == 19
    assert clock.status(CAL, D(2024, 3, 9)).days_left == 15  # Saturday: nothing used that day
    assert clock.status(CAL, D(2024, 3, 29)).days_left == 0
    assert clock.status(CAL, D(2024, 4, 2)).days_left == -2


def test_it_moves_from_running_to_due_soon_to_overdue() -> None:
    clock = CaseClock(received=D(2024, 3, 1))
    assert clock.status(CAL, D(2024, 3, 21)).state is ClockState.RUNNING  # 6 left
    assert clock.status(CAL, D(2024, 3, 22)).state is ClockState.DUE_SOON  # 5 left
    assert clock.status(CAL, D(2024, 3, 29)).state is ClockState.DUE_SOON  # due today
    overdue = clock.status(CAL, D(2024, 3, 30))  # the Saturday after
    assert overdue.state is ClockState.OVERDUE and overdue.overdue and overdue.days_left == 0


def test_it_takes_the_due_soon_threshold_from_configuration() -> None:
    clock = CaseClock(received=D(2024, 3, 1), periods=Periods(due_soon=10))
    assert clock.status(CAL, D(2024, 3, 15)).state is ClockState.DUE_SOON  # 10 left


def test_it_is_never_overdue_while_stopped() -> None:
    clock = CaseClock(received=D(2024, 3, 1), pauses=(Pause(THIRD, D(2024, 3, 20)),))
    status = clock.status(CAL, D(2024, 6, 1))  # long past the unpaused due date
    assert status.state is ClockState.PAUSED
    assert status.due is None
    assert status.used == 13 and status.days_left == 7


def test_it_shows_a_pause_from_the_day_the_letter_goes_out_until_the_answer_arrives() -> None:
    clock = CaseClock(received=D(2024, 3, 1), pauses=(Pause(THIRD, D(2024, 3, 5), D(2024, 3, 12)),))
    assert clock.status(CAL, D(2024, 3, 4)).state is ClockState.RUNNING
    assert clock.status(CAL, D(2024, 3, 5)).state is ClockState.PAUSED
    assert clock.status(CAL, D(2024, 3, 11)).state is ClockState.PAUSED
    assert clock.status(CAL, D(2024, 3, 11)).used == 2
    assert clock.status(CAL, D(2024, 3, 12)).state is ClockState.RUNNING
    assert clock.status(CAL, D(2024, 3, 13)).used == 3


def test_it_judges_an_extended_clock_against_the_extended_due_date() -> None:
    clock = CaseClock(received=D(2024, 3, 1), extended=True)
    status = clock.status(CAL, D(2024, 4, 2))  # past the 20-day date, well inside 40
    assert status.state is ClockState.RUNNING
    assert status.due == CAL.add_working_days(D(2024, 3, 1), 40)


def test_it_does_not_let_a_late_consultation_hide_an_overdue_reply() -> None:
    clock = CaseClock(received=D(2024, 3, 1), pauses=(Pause(THIRD, D(2024, 4, 2)),))
    assert clock.status(CAL, D(2024, 4, 10)).state is ClockState.OVERDUE


def test_it_waits_for_the_correction_once_asked_for() -> None:
    clock = CaseClock(received=D(2024, 3, 1), correction_requested=D(2024, 3, 5))
    assert clock.status(CAL, D(2024, 3, 4)).state is ClockState.RUNNING
    waiting = clock.status(CAL, D(2024, 5, 1))
    assert waiting.state is ClockState.AWAITING_CORRECTION and waiting.due is None
    corrected = CaseClock(
        received=D(2024, 3, 1), correction_requested=D(2024, 3, 5), corrected=D(2024, 4, 1)
    )
    assert corrected.status(CAL, D(2024, 4, 2)).days_left == 19


def test_it_gives_the_applicant_twenty_working_days_to_pay_from_the_day_after_the_notice() -> None:
    # Notice received Friday 9 Feb 2024: day 1 is Sunday 18 Feb (make-up), not the holiday.
    assert fee_payment_due(CAL, D(2024, 2, 9), 1) == D(2024, 2, 18)
    assert fee_payment_due(CAL, D(2024, 2, 9)) == CAL.add_working_days(D(2024, 2, 9), 20)
    assert fee_payment_due(CAL, D(2024, 2, 9)) == D(2024, 3, 14)  # 18 Feb + 19 more


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"received": D(2024, 3, 5), "corrected": D(2024, 3, 4)}, "补正后申请的收到日期"),
        ({"received": D(2024, 3, 5), "correction_requested": D(2024, 3, 4)}, "补正告知日期"),
        ({"received": D(2024, 3, 5), "pauses": (Pause(THIRD, D(2024, 3, 1)),)}, "征求第三方意见"),
    ],
)
def test_it_refuses_dates_out_of_order_in_chinese(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        CaseClock(**kwargs)  # type: ignore[arg-type]


def test_it_names_2027_for_an_application_received_late_in_2026() -> None:
    clock = CaseClock(received=D(2026, 12, 20))
    with pytest.raises(UnknownYearError, match="2027"):
        clock.deadlines(CAL)
    with pytest.raises(UnknownYearError, match="2027"):
        clock.status(CAL, D(2027, 1, 5))


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30)),
    st.integers(min_value=0, max_value=60),
)
def test_it_flags_overdue_exactly_after_the_due_date(received: dt.date, offset: int) -> None:
    clock = CaseClock(received=received)
    as_of = received + dt.timedelta(offset)
    status = clock.status(CAL, as_of)
    due = clock.due(CAL)
    assert due is not None
    assert (status.state is ClockState.OVERDUE) == (as_of > due)
    assert status.days_left == 20 - CAL.working_days_between(received, as_of)


def test_it_refuses_periods_that_make_no_sense() -> None:
    with pytest.raises(ClockError, match="至少为 1 个工作日"):
        Periods(reply=0)
    with pytest.raises(ClockError, match="不能为负数"):
        Periods(due_soon=-1)
    assert Periods(extension=0).extended_reply == 20


@settings(max_examples=200, deadline=None)
@given(
    st.dates(min_value=D(2004, 1, 1), max_value=D(2026, 6, 30)),
    st.integers(min_value=0, max_value=27),
    st.integers(min_value=0, max_value=120),
    st.booleans(),
)
def test_it_never_calls_a_stopped_clock_overdue(
    received: dt.date, pause_after: int, look_after: int, extended: bool
) -> None:
    # A consultation begun before the due date and not yet answered, looked at any time later.
    clock = CaseClock(received=received, extended=extended)
    due = clock.due(CAL)
    assert due is not None
    begun = min(received + dt.timedelta(pause_after), due - dt.timedelta(1))
    if begun < received:
        return
    stopped = CaseClock(received=received, extended=extended, pauses=(Pause(THIRD, begun),))
    as_of = min(begun + dt.timedelta(look_after), D(2026, 12, 31))
    status = stopped.status(CAL, as_of)
    assert status.state is ClockState.PAUSED
    assert status.due is None
    assert status.days_left == stopped.period - CAL.working_days_between(received, begun) > 0
