"""The core of intake: what to look up while an applicant types, reply times as the clock
counts them, the hand-off's sentence, and the 12345 ticket rows."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.cases import hotline, lookup, reply_times, routing
from gongkai.cases.states import Action, CaseState, Handling, next_state
from gongkai.workdays import Calendar, Pause, PauseKind
from gongkai.workdays.clock import CaseClock

CAL = Calendar.shipped()
D = dt.date


def test_it_looks_up_quoted_titles_and_clauses_without_request_words() -> None:
    found = lookup.phrases(
        "申请公开《新华区2024年部门预算》及其说明，请提供相关文件", "新教〔2024〕3号"
    )
    assert found[0] == "新华区2024年部门预算"
    assert "新教〔2024〕3号" in found
    assert "相关文件" in found and "请提供相关文件" not in found
    assert all(len(p) >= lookup.MIN_PHRASE for p in found)


def test_it_looks_up_a_bare_title_whole() -> None:
    title = "关于做好2025年秋季学期开学工作的通知"
    assert lookup.phrases(title) == [title]


def test_it_keeps_short_clauses_out() -> None:
    assert lookup.phrases("申请，文件。谢谢") == []


def test_it_names_the_registers_a_request_speaks_of() -> None:
    assert lookup.register_kinds("请公开2024年行政处罚决定和收费标准") == ["penalty", "fees"]
    assert lookup.register_kinds("2024年部门预算") == []


def test_it_counts_reply_days_as_the_clock_does() -> None:
    # Corrected on 10 March: the period runs from then; the consultation stops 27, 28, 31 March.
    clock = CaseClock(
        received=D(2025, 3, 3),
        corrected=D(2025, 3, 10),
        correction_requested=D(2025, 3, 4),
        pauses=(Pause(PauseKind.OTHER_AGENCY, D(2025, 3, 26), D(2025, 3, 31)),),
    )
    assert reply_times.days_to_reply(clock, D(2025, 4, 2), CAL) == 14


def test_it_takes_the_median_and_the_nearest_rank_90th_percentile() -> None:
    assert reply_times.summarise([5, 10, 19], 3) == reply_times.ReplyTimes(3, 10.0, 19)
    assert reply_times.summarise([4, 1, 3, 2], 1) == reply_times.ReplyTimes(4, 2.5, 4)
    ten = reply_times.summarise(range(1, 11), 5)
    assert (ten.median, ten.p90) == (5.5, 9)


def test_it_says_nothing_below_the_minimum() -> None:
    few = reply_times.summarise([3, 4], 5)
    assert (few.count, few.enough, few.median, few.p90) == (2, False, None, None)
    assert not reply_times.summarise([], 0).enough


@given(st.lists(st.integers(0, 60), min_size=1, max_size=50))
def test_it_keeps_the_percentiles_among_the_days(days: list[int]) -> None:
    found = reply_times.summarise(days, 1)
    assert found.median is not None and found.p90 is not None
    assert min(days) <= found.median <= found.p90 <= max(days)
    assert sum(d <= found.p90 for d in days) >= 0.9 * len(days)


def test_it_counts_replies_not_closures() -> None:
    assert reply_times.is_reply("granted") and reply_times.is_reply("noprocess_1")
    assert not any(reply_times.is_reply(row) for row in ("", "other_1", "other_2", "other_3"))


def test_it_takes_twelve_months_back_from_today() -> None:
    assert reply_times.window(D(2025, 6, 2)) == (D(2024, 6, 3), D(2025, 6, 2))
    assert reply_times.window(D(2024, 2, 29)) == (D(2023, 3, 1), D(2024, 2, 29))


def test_it_hands_off_from_the_register_into_review_and_back() -> None:
    unsigned = Handling(signed_for=False, extended=False)
    state = next_state(CaseState.REGISTERED, Action.HAND_OFF, unsigned)
    assert state is CaseState.AWAITING_REVIEW
    assert next_state(state, Action.REJECT_DRAFT, unsigned) is CaseState.REGISTERED
    signed = Handling(signed_for=True, extended=True)
    assert next_state(CaseState.EXTENDED, Action.HAND_OFF, signed) is CaseState.AWAITING_REVIEW


def test_it_counts_a_hand_off_in_the_petition_row() -> None:
    assert routing.HANDOFF_DISPOSITION.row == "noprocess_1"


def test_it_names_the_channel_and_receiver_of_a_hand_off() -> None:
    sentence = routing.Handoff(routing.Route.HOTLINE, "新华区12345热线", "GD1").sentence()
    assert sentence == (
        "您反映的事项已通过12345政务服务便民热线转交新华区12345热线办理（编号：GD1），"
        "请通过该渠道了解办理情况。"
    )
    with pytest.raises(routing.RoutingError, match="接收单位"):
        routing.Handoff(routing.Route.PETITION, "  ")


ROW = {
    "工单号": "GD1",
    "来电日期": "2025/02/27",
    "转交日期": D(2025, 3, 3),
    "诉求人": "张三",
    "证件号码": "11010519491231002X",
    "联系电话": 13800138000.0,
    "诉求内容": "招生划片范围",
}


def test_it_reads_a_ticket_with_both_dates() -> None:
    tickets, errors = hotline.read_tickets([ROW], today=D(2025, 3, 5))
    assert errors == []
    (ticket,) = tickets
    assert (ticket.called_on, ticket.handed_over_on) == (D(2025, 2, 27), D(2025, 3, 3))
    assert (ticket.id_type, ticket.phone, ticket.row) == ("resident_id", "13800138000", 2)


def test_it_names_every_problem_of_a_ticket_row() -> None:
    rows = [
        ROW | {"转交日期": "2025-03-09"},
        ROW | {"来电日期": "昨天", "诉求人": ""},
        {},
        ROW | {"工单号": "GD9"},
    ]
    tickets, errors = hotline.read_tickets(
        rows, today=D(2025, 3, 5), known_numbers=frozenset({"GD9"})
    )
    assert tickets == []
    assert [(e.row, e.column) for e in errors] == [
        (2, "转交日期"),
        (3, "诉求人"),
        (3, "来电日期"),
        (3, "工单号"),
        (5, "工单号"),
    ]
    assert "不能晚于今天" in errors[0].message
    assert "与第 2 行重复" in errors[3].message
    assert "已登记为依申请公开" in errors[4].message


def test_it_says_an_empty_file_holds_no_tickets() -> None:
    tickets, errors = hotline.read_tickets([{}], today=D(2025, 3, 5))
    assert tickets == [] and "没有工单" in errors[0].message
