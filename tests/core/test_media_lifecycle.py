import pytest

from gongkai.media.lifecycle import AccountState, FilingEvent, TransitionError, next_state


def test_it_walks_open_change_close():
    state = next_state(None, FilingEvent.OPEN)
    assert state is AccountState.OPENED
    state = next_state(state, FilingEvent.CHANGE)
    assert next_state(state, FilingEvent.CHANGE) is AccountState.CHANGED
    assert next_state(state, FilingEvent.CLOSE) is AccountState.CLOSED


def test_it_refuses_steps_outside_the_table():
    with pytest.raises(TransitionError, match="尚未开设的账号不能办理注销"):
        next_state(None, FilingEvent.CLOSE)
    with pytest.raises(TransitionError, match="已注销的账号不能办理变更（可办理：无）"):
        next_state(AccountState.CLOSED, FilingEvent.CHANGE)
    with pytest.raises(TransitionError, match="已开设的账号不能办理开设"):
        next_state(AccountState.OPENED, FilingEvent.OPEN)
