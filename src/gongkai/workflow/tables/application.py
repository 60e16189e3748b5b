"""An application for disclosure (依申请公开): gongkai.cases.states' table, with who may act.

The states and targets are the cases' own transition table; this adds the people. Handling
moves are the clerk's (登记员/承办人); the leader approves an extension (Art. 33) and signs the
reply, the reviewer reviews it. The reply is drafted, reviewed and signed by three different
people (分级审核: the drafter cannot review or sign his own reply, nor the reviewer sign it).
Besides the cases' table, one import move: an application of an old paper 台账, answered
outside this system, entered by the clerk as archived.
"""

from __future__ import annotations

from typing import Any

from gongkai.cases.states import TRANSITIONS, Action, CaseState, Handling, resolve
from gongkai.workflow.lifecycle import (
    Facts,
    Lifecycle,
    Move,
    MoveKind,
    Party,
    Resolver,
    Role,
    Slot,
)
from gongkai.workflow.tables._common import entered

DRAFT = Slot("draft", "拟稿", "拟稿人")
REVIEW = Slot("review", "审核", "审核人")
SIGN = Slot("sign", "签发", "签发人")

_CLERK = frozenset({Role.CLERK})
ROLES: dict[Action, frozenset[str]] = {
    Action.ASSIGN: frozenset({Role.CLERK, Role.LEADER}),
    Action.TRANSFER: frozenset({Role.CLERK, Role.LEADER}),
    Action.REASSIGN: frozenset({Role.CLERK, Role.LEADER}),
    Action.EXTEND: frozenset({Role.LEADER}),  # Art. 33: the working body's head approves
    Action.APPROVE_DRAFT: frozenset({Role.REVIEWER}),
    Action.REJECT_DRAFT: frozenset({Role.REVIEWER}),
    Action.SIGN: frozenset({Role.LEADER}),
    Action.REJECT_SIGNATURE: frozenset({Role.LEADER}),
}
_SLOTS: dict[Action, dict[str, Any]] = {
    Action.SUBMIT_DRAFT: {"signs": DRAFT, "new_round": True},
    # The hand-off's 不予处理告知书 is a draft like any reply's: its drafter fills the 拟稿 slot.
    Action.HAND_OFF: {"signs": DRAFT, "new_round": True},
    Action.APPROVE_DRAFT: {"signs": REVIEW, "after": (DRAFT,), "apart": frozenset({DRAFT.key})},
    Action.SIGN: {
        "signs": SIGN,
        "after": (DRAFT, REVIEW),
        "apart": frozenset({DRAFT.key, REVIEW.key}),
    },
    # Sending a draft back is a reviewer's and a signer's call, never its drafter's.
    Action.REJECT_DRAFT: {"apart": frozenset({Party.AUTHOR.value})},
    Action.REJECT_SIGNATURE: {"apart": frozenset({Party.AUTHOR.value})},
}
# Moves that fill a slot but are a choice, not a step the case waits for: the 待办 desk and
# the designation of a 办理人 leave them out (a case waits to be handled, not to be handed off).
OPTIONS = frozenset({Action.HAND_OFF})
_NOTES = {
    Action.REJECT_DRAFT: "退回意见",
    Action.REJECT_SIGNATURE: "退回意见",
    Action.RETURN: "退回理由",
}


def _target(target: Any) -> Any:
    if isinstance(target, CaseState):
        return target

    def pick(facts: Facts[Any], signed: frozenset[str]) -> CaseState:
        handling = Handling(
            signed_for=bool(facts.data.get("signed_for")),
            extended=bool(facts.data.get("extended")),
        )
        return resolve(target, handling)

    return Resolver(repr(target), pick)


def _moves() -> tuple[Move[CaseState, Action], ...]:
    moves = []
    for (state, action), target in TRANSITIONS.items():
        extra = _SLOTS.get(action, {})
        moves.append(
            Move(
                action,
                (state,),
                _target(target),
                ROLES.get(action, _CLERK),
                kind=MoveKind.SIGN
                if "signs" in extra and action not in OPTIONS
                else MoveKind.OTHER,
                note=_NOTES.get(action, ""),
                **extra,
            )
        )
    moves.append(entered(Action.IMPORT, CaseState.REGISTERED, CaseState.ARCHIVED, _CLERK))
    return tuple(moves)


APPLICATION: Lifecycle[CaseState, Action] = Lifecycle(
    name="case",
    label="申请",
    states=CaseState,
    actions=Action,
    initial=CaseState.REGISTERED,
    finals=frozenset({CaseState.ARCHIVED}),
    moves=_moves(),
)
