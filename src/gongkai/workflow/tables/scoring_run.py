"""A scoring run (量化考核计分): computed from the records, then 审定 by someone who did not run it.

A new run of the same period replaces a run not yet confirmed; a confirmed run is the period's
result and stays.
"""

from __future__ import annotations

from gongkai.workflow.lifecycle import Labelled, Lifecycle, Move, MoveKind, Party, Role, Slot


class RunState(Labelled):
    COMPUTED = "computed", "已计分待审定"
    CONFIRMED = "confirmed", "已审定"
    SUPERSEDED = "superseded", "已被重新计分取代"


class RunAction(Labelled):
    CONFIRM = "confirm", "审定"
    SUPERSEDE = "supersede", "重新计分取代"
    DESIGNATE = "designate", "指定办理人"


CONFIRMED = Slot("confirmed", "审定", "审定人")

SCORING_RUN = Lifecycle(
    name="scoring_run",
    label="量化考核计分",
    states=RunState,
    actions=RunAction,
    initial=RunState.COMPUTED,
    finals=frozenset({RunState.CONFIRMED, RunState.SUPERSEDED}),
    moves=(
        Move(
            RunAction.CONFIRM, (RunState.COMPUTED,), RunState.CONFIRMED,
            frozenset({Role.LEADER, Role.SUPERVISOR}), kind=MoveKind.SIGN, signs=CONFIRMED,
            apart=frozenset({Party.AUTHOR}),
        ),
        Move(
            RunAction.SUPERSEDE, (RunState.COMPUTED,), RunState.SUPERSEDED,
            frozenset({Party.SYSTEM, Role.LEADER, Role.SUPERVISOR}),
        ),
        Move(
            RunAction.DESIGNATE, (RunState.COMPUTED,), None, frozenset({Role.LEADER}),
            kind=MoveKind.DESIGNATE,
        ),
    ),
)  # fmt: skip
