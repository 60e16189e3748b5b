"""The life of an application as an explicit transition table.

Each (state, action) pair that the law and the office's routine allow is listed once; anything
else raises `IllegalTransition`, which names the state, the action and what is allowed instead.

Some targets depend on the case rather than on the state alone. `RESUME`: after a correction,
a consultation or a rejected draft the case goes back to where its handling stood — registered
if nobody has signed for it yet, extended if an extension was approved, otherwise in progress.
`HANDLE`: signing for a case puts it into handling, extended again if it was extended before a
transfer (an extension is approved once and stays approved). `resolve` turns either into a
state; the table stays a plain mapping.

改派 (`REASSIGN`) names another unit or handler while the case waits on someone else (a
correction, a consultation, review, signature): the state and the clock stay as they are, so
the table lists it as a move to the same state.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final


class CaseState(enum.Enum):
    REGISTERED = "registered"
    AWAITING_CORRECTION = "awaiting_correction"
    ASSIGNED = "assigned"  # given to a handling unit, not yet signed for
    IN_PROGRESS = "in_progress"
    CONSULTING = "consulting"
    EXTENDED = "extended"
    AWAITING_REVIEW = "awaiting_review"
    AWAITING_SIGNATURE = "awaiting_signature"
    REPLIED = "replied"
    WITHDRAWN = "withdrawn"
    CLOSED = "closed"  # 其他处理: no correction in time, fee unpaid
    ARCHIVED = "archived"

    @property
    def label(self) -> str:
        return STATE_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Still to be answered: counted in 结转 when the year ends."""
        return self not in CLOSED_STATES


STATE_LABELS: Final = {
    CaseState.REGISTERED: "已登记",
    CaseState.AWAITING_CORRECTION: "等待补正",
    CaseState.ASSIGNED: "已分办待签收",
    CaseState.IN_PROGRESS: "办理中",
    CaseState.CONSULTING: "征求意见中",
    CaseState.EXTENDED: "已延期",
    CaseState.AWAITING_REVIEW: "待审核",
    CaseState.AWAITING_SIGNATURE: "待签发",
    CaseState.REPLIED: "已答复",
    CaseState.WITHDRAWN: "已撤回",
    CaseState.CLOSED: "已终止办理",
    CaseState.ARCHIVED: "已归档",
}

CLOSED_STATES: Final = frozenset(
    {CaseState.REPLIED, CaseState.WITHDRAWN, CaseState.CLOSED, CaseState.ARCHIVED}
)


class Action(enum.Enum):
    REQUEST_CORRECTION = "request_correction"
    RECEIVE_CORRECTION = "receive_correction"
    ASSIGN = "assign"
    SIGN_FOR = "sign_for"
    RETURN = "return"
    TRANSFER = "transfer"
    REASSIGN = "reassign"
    START_CONSULTATION = "start_consultation"
    END_CONSULTATION = "end_consultation"
    EXTEND = "extend"
    SUBMIT_DRAFT = "submit_draft"
    APPROVE_DRAFT = "approve_draft"
    REJECT_DRAFT = "reject_draft"
    SIGN = "sign"
    REJECT_SIGNATURE = "reject_signature"
    WITHDRAW = "withdraw"
    CLOSE_NO_CORRECTION = "close_no_correction"
    CLOSE_FEE_UNPAID = "close_fee_unpaid"
    ARCHIVE = "archive"
    HAND_OFF = "hand_off"
    # Not in TRANSITIONS: a case answered outside this system, entered archived from a 台账
    # (the workflow's import move, gongkai.workflow.tables.application).
    IMPORT = "import"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS: Final = {
    Action.REQUEST_CORRECTION: "发出补正告知",
    Action.RECEIVE_CORRECTION: "收到补正",
    Action.ASSIGN: "分办",
    Action.SIGN_FOR: "签收",
    Action.RETURN: "退回",
    Action.TRANSFER: "转办",
    Action.REASSIGN: "改派",
    Action.START_CONSULTATION: "征求意见",
    Action.END_CONSULTATION: "收到意见",
    Action.EXTEND: "批准延期",
    Action.SUBMIT_DRAFT: "提交答复稿",
    Action.APPROVE_DRAFT: "审核通过",
    Action.REJECT_DRAFT: "审核退回",
    Action.SIGN: "签发",
    Action.REJECT_SIGNATURE: "签发退回",
    Action.WITHDRAW: "申请人撤回",
    Action.CLOSE_NO_CORRECTION: "逾期未补正，终止办理",
    Action.CLOSE_FEE_UNPAID: "逾期未缴费，终止办理",
    Action.ARCHIVE: "归档",
    Action.HAND_OFF: "转信访、投诉举报或12345",
    Action.IMPORT: "台账导入（系统外已办结）",
}


@dataclass(frozen=True)
class _Resume:
    name: str

    def __repr__(self) -> str:
        return self.name


RESUME: Final = _Resume("RESUME")
HANDLE: Final = _Resume("HANDLE")
Target = CaseState | _Resume

_HANDLING = (CaseState.IN_PROGRESS, CaseState.EXTENDED)
# Waiting on someone other than the handler: the handler may be replaced meanwhile (改派).
WAITING_ON_OTHERS: Final = (
    CaseState.AWAITING_CORRECTION,
    CaseState.CONSULTING,
    CaseState.AWAITING_REVIEW,
    CaseState.AWAITING_SIGNATURE,
)
_OPEN_BEFORE_REPLY = (
    CaseState.REGISTERED,
    CaseState.AWAITING_CORRECTION,
    CaseState.ASSIGNED,
    CaseState.IN_PROGRESS,
    CaseState.CONSULTING,
    CaseState.EXTENDED,
    CaseState.AWAITING_REVIEW,
    CaseState.AWAITING_SIGNATURE,
)


def _table() -> dict[tuple[CaseState, Action], Target]:
    table: dict[tuple[CaseState, Action], Target] = {
        # Art. 30: once, within 7 working days; from the register or by the handler.
        (CaseState.REGISTERED, Action.REQUEST_CORRECTION): CaseState.AWAITING_CORRECTION,
        (CaseState.IN_PROGRESS, Action.REQUEST_CORRECTION): CaseState.AWAITING_CORRECTION,
        (CaseState.AWAITING_CORRECTION, Action.RECEIVE_CORRECTION): RESUME,
        (CaseState.AWAITING_CORRECTION, Action.CLOSE_NO_CORRECTION): CaseState.CLOSED,
        (CaseState.REGISTERED, Action.ASSIGN): CaseState.ASSIGNED,
        (CaseState.ASSIGNED, Action.SIGN_FOR): HANDLE,
        (CaseState.ASSIGNED, Action.RETURN): CaseState.REGISTERED,
        (CaseState.ASSIGNED, Action.TRANSFER): CaseState.ASSIGNED,
        # Reassignment when the handler is away: the case waits for the new unit to sign.
        (CaseState.IN_PROGRESS, Action.TRANSFER): CaseState.ASSIGNED,
        (CaseState.EXTENDED, Action.TRANSFER): CaseState.ASSIGNED,
        (CaseState.IN_PROGRESS, Action.EXTEND): CaseState.EXTENDED,
        (CaseState.CONSULTING, Action.END_CONSULTATION): RESUME,
        (CaseState.AWAITING_REVIEW, Action.APPROVE_DRAFT): CaseState.AWAITING_SIGNATURE,
        (CaseState.AWAITING_REVIEW, Action.REJECT_DRAFT): RESUME,
        (CaseState.AWAITING_SIGNATURE, Action.SIGN): CaseState.REPLIED,
        (CaseState.AWAITING_SIGNATURE, Action.REJECT_SIGNATURE): RESUME,
        (CaseState.REPLIED, Action.ARCHIVE): CaseState.ARCHIVED,
        (CaseState.WITHDRAWN, Action.ARCHIVE): CaseState.ARCHIVED,
        (CaseState.CLOSED, Action.ARCHIVE): CaseState.ARCHIVED,
    }
    for state in _HANDLING:
        table[(state, Action.START_CONSULTATION)] = CaseState.CONSULTING
        table[(state, Action.SUBMIT_DRAFT)] = CaseState.AWAITING_REVIEW
        # 109号: the fee is notified within the handling period; unpaid after 20 days → other_2.
        table[(state, Action.CLOSE_FEE_UNPAID)] = CaseState.CLOSED
    # Art. 39: a 信访, 投诉 or 举报 in the form of an application is handed to its channel with a
    # 不予处理告知书 drafted at once, from the register (intake routing) or by the handler; the
    # letter is reviewed and signed like a reply, and a draft sent back resumes as usual.
    for state in (CaseState.REGISTERED, *_HANDLING):
        table[(state, Action.HAND_OFF)] = CaseState.AWAITING_REVIEW
    for state in WAITING_ON_OTHERS:
        table[(state, Action.REASSIGN)] = state
    for state in _OPEN_BEFORE_REPLY:
        table[(state, Action.WITHDRAW)] = CaseState.WITHDRAWN
    return table


TRANSITIONS: Final[Mapping[tuple[CaseState, Action], Target]] = _table()


@dataclass(frozen=True)
class Handling:
    """What RESUME and HANDLE need to know about the case."""

    signed_for: bool
    extended: bool


def resume(handling: Handling) -> CaseState:
    if not handling.signed_for:
        return CaseState.REGISTERED
    return handle(handling)


def handle(handling: Handling) -> CaseState:
    return CaseState.EXTENDED if handling.extended else CaseState.IN_PROGRESS


def resolve(target: Target, handling: Handling) -> CaseState:
    if isinstance(target, CaseState):
        return target
    return handle(handling) if target is HANDLE else resume(handling)


class IllegalTransition(Exception):
    def __init__(self, state: CaseState, action: Action) -> None:
        self.state = state
        self.action = action
        allowed = "、".join(a.label for a in allowed_actions(state)) or "无（办理已结束）"
        self.message = (
            f"申请当前状态为“{state.label}”，不能执行“{action.label}”。可执行的操作：{allowed}"
        )
        super().__init__(self.message)


def allowed_actions(state: CaseState) -> tuple[Action, ...]:
    return tuple(action for action in Action if (state, action) in TRANSITIONS)


def next_state(state: CaseState, action: Action, handling: Handling) -> CaseState:
    target = TRANSITIONS.get((state, action))
    if target is None:
        raise IllegalTransition(state, action)
    return resolve(target, handling)
