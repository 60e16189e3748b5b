"""An account's life: opened (开设), changed (变更), cancelled (注销), each step filed (备案)."""

from __future__ import annotations

from enum import StrEnum


class AccountState(StrEnum):
    OPENED = "opened"
    CHANGED = "changed"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"opened": "已开设", "changed": "已变更", "closed": "已注销"}[self.value]


class FilingEvent(StrEnum):
    OPEN = "open"
    CHANGE = "change"
    CLOSE = "close"

    @property
    def label(self) -> str:
        return {"open": "开设", "change": "变更", "close": "注销"}[self.value]


# state before (None: not registered yet) → event → state after. Nothing leaves CLOSED: a
# cancelled account that comes back is a new opening with its own filing.
TRANSITIONS: dict[AccountState | None, dict[FilingEvent, AccountState]] = {
    None: {FilingEvent.OPEN: AccountState.OPENED},
    AccountState.OPENED: {
        FilingEvent.CHANGE: AccountState.CHANGED,
        FilingEvent.CLOSE: AccountState.CLOSED,
    },
    AccountState.CHANGED: {
        FilingEvent.CHANGE: AccountState.CHANGED,
        FilingEvent.CLOSE: AccountState.CLOSED,
    },
    AccountState.CLOSED: {},
}


class TransitionError(ValueError):
    pass


def next_state(state: AccountState | None, event: FilingEvent) -> AccountState:
    allowed = TRANSITIONS[state]
    if event not in allowed:
        where = "尚未开设的账号" if state is None else f"{state.label}的账号"
        can = "、".join(e.label for e in allowed) or "无"
        raise TransitionError(f"{where}不能办理{event.label}（可办理：{can}）")
    return allowed[event]
