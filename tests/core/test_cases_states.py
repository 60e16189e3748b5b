"""The application's transition table: the statutory path works, anything else is refused."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.cases.states import (
    CLOSED_STATES,
    TRANSITIONS,
    WAITING_ON_OTHERS,
    Action,
    CaseState,
    Handling,
    IllegalTransition,
    allowed_actions,
    next_state,
)

SIGNED = Handling(signed_for=True, extended=False)


def walk(*actions: Action, handling: Handling = SIGNED) -> CaseState:
    state = CaseState.REGISTERED
    extended = handling.extended
    signed = handling.signed_for
    for action in actions:
        signed = signed or action is Action.SIGN_FOR
        extended = extended or action is Action.EXTEND
        state = next_state(state, action, Handling(signed_for=signed, extended=extended))
    return state


def test_it_walks_the_whole_statutory_path() -> None:
    final = walk(
        Action.ASSIGN,
        Action.SIGN_FOR,
        Action.REQUEST_CORRECTION,
        Action.RECEIVE_CORRECTION,
        Action.START_CONSULTATION,
        Action.END_CONSULTATION,
        Action.EXTEND,
        Action.SUBMIT_DRAFT,
        Action.APPROVE_DRAFT,
        Action.SIGN,
        Action.ARCHIVE,
        handling=Handling(signed_for=False, extended=False),
    )
    assert final is CaseState.ARCHIVED


def test_it_goes_back_to_the_register_after_a_correction_when_nobody_signed_for_it() -> None:
    unsigned = Handling(signed_for=False, extended=False)
    state = next_state(CaseState.REGISTERED, Action.REQUEST_CORRECTION, unsigned)
    assert next_state(state, Action.RECEIVE_CORRECTION, unsigned) is CaseState.REGISTERED


def test_it_resumes_an_extended_case_as_extended_after_a_consultation() -> None:
    extended = Handling(signed_for=True, extended=True)
    state = next_state(CaseState.EXTENDED, Action.START_CONSULTATION, extended)
    assert state is CaseState.CONSULTING
    assert next_state(state, Action.END_CONSULTATION, extended) is CaseState.EXTENDED


def test_it_returns_a_rejected_draft_to_the_handler() -> None:
    assert next_state(CaseState.AWAITING_REVIEW, Action.REJECT_DRAFT, SIGNED) is (
        CaseState.IN_PROGRESS
    )
    assert next_state(CaseState.AWAITING_SIGNATURE, Action.REJECT_SIGNATURE, SIGNED) is (
        CaseState.IN_PROGRESS
    )


def test_it_lets_a_unit_return_or_transfer_an_assignment() -> None:
    assert next_state(CaseState.ASSIGNED, Action.RETURN, SIGNED) is CaseState.REGISTERED
    assert next_state(CaseState.ASSIGNED, Action.TRANSFER, SIGNED) is CaseState.ASSIGNED
    assert next_state(CaseState.IN_PROGRESS, Action.TRANSFER, SIGNED) is CaseState.ASSIGNED


def test_it_keeps_an_extended_case_extended_when_a_new_unit_signs_for_it() -> None:
    unsigned = Handling(signed_for=False, extended=False)
    state = walk(Action.ASSIGN, Action.SIGN_FOR, Action.EXTEND, handling=unsigned)
    assert state is CaseState.EXTENDED
    extended = Handling(signed_for=True, extended=True)
    state = next_state(state, Action.TRANSFER, extended)
    assert state is CaseState.ASSIGNED
    state = next_state(state, Action.SIGN_FOR, extended)
    assert state is CaseState.EXTENDED
    with pytest.raises(IllegalTransition, match="不能执行“批准延期”"):
        next_state(state, Action.EXTEND, extended)


def test_it_puts_a_case_signed_for_the_first_time_in_progress() -> None:
    state = next_state(CaseState.ASSIGNED, Action.SIGN_FOR, Handling(False, False))
    assert state is CaseState.IN_PROGRESS


def test_it_reassigns_a_case_waiting_on_others_without_moving_it() -> None:
    for state in WAITING_ON_OTHERS:
        for handling in (SIGNED, Handling(signed_for=True, extended=True)):
            assert next_state(state, Action.REASSIGN, handling) is state
    for state in set(CaseState) - set(WAITING_ON_OTHERS):
        assert (state, Action.REASSIGN) not in TRANSITIONS


def test_it_refuses_to_sign_a_reply_nobody_reviewed() -> None:
    with pytest.raises(IllegalTransition) as error:
        next_state(CaseState.IN_PROGRESS, Action.SIGN, SIGNED)
    assert "办理中" in error.value.message
    assert "签发" in error.value.message
    assert "提交答复稿" in error.value.message  # says what is allowed instead


def test_it_refuses_a_second_extension() -> None:
    with pytest.raises(IllegalTransition):
        next_state(CaseState.EXTENDED, Action.EXTEND, Handling(signed_for=True, extended=True))


def test_it_closes_for_no_correction_only_while_waiting_for_one() -> None:
    assert next_state(CaseState.AWAITING_CORRECTION, Action.CLOSE_NO_CORRECTION, SIGNED) is (
        CaseState.CLOSED
    )
    with pytest.raises(IllegalTransition):
        next_state(CaseState.IN_PROGRESS, Action.CLOSE_NO_CORRECTION, SIGNED)


def test_it_allows_nothing_after_archiving() -> None:
    assert allowed_actions(CaseState.ARCHIVED) == ()
    with pytest.raises(IllegalTransition, match="无（办理已结束）"):
        next_state(CaseState.ARCHIVED, Action.WITHDRAW, SIGNED)


def test_it_lets_the_applicant_withdraw_until_the_reply_is_signed() -> None:
    for state in CaseState:
        allowed = (state, Action.WITHDRAW) in TRANSITIONS
        assert allowed == (state not in CLOSED_STATES)


@given(st.sampled_from(CaseState), st.sampled_from(Action), st.booleans(), st.booleans())
def test_it_either_moves_by_the_table_or_raises(
    state: CaseState, action: Action, signed: bool, extended: bool
) -> None:
    handling = Handling(signed_for=signed, extended=extended)
    if (state, action) in TRANSITIONS:
        assert isinstance(next_state(state, action, handling), CaseState)
    else:
        with pytest.raises(IllegalTransition):
            next_state(state, action, handling)


def test_it_never_leaves_a_closed_state_except_to_the_archive() -> None:
    for (state, _action), target in TRANSITIONS.items():
        if state in CLOSED_STATES:
            assert target is CaseState.ARCHIVED
