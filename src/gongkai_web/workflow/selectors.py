"""What a record's page shows of its lifecycle: the steps of this round with their signers, who
may act now (or why nobody can, and what to do), the moves the viewer may make, the history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from gongkai.workflow.lifecycle import Move, MoveKind, Person, Refused, Slot
from gongkai.workflow.sheet import Acknowledged, Step
from gongkai_web.audit import services as audit
from gongkai_web.workflow.kinds import Field, Inputs, Kind
from gongkai_web.workflow.models import Event
from gongkai_web.workflow.services import facts_for


@dataclass(frozen=True)
class StepView:
    slot: Slot
    event: Event | None
    designee: str = ""

    @property
    def signed(self) -> bool:
        return self.event is not None


@dataclass(frozen=True)
class MoveView:
    move: Move[Any, Any]
    fields: list[Field]
    blocked: str  # why the move cannot be made now, though the viewer may make it ("" if it can)
    # For 确认错敏词: the open hits; for 指定办理人: the steps and the people to choose from.
    words: list[tuple[str, str]] = field(default_factory=list)  # (word, where and what)
    slots: list[tuple[str, str]] = field(default_factory=list)
    people: list[tuple[Any, str]] = field(default_factory=list)

    @property
    def action(self) -> str:
        return str(self.move.action.value)


@dataclass(frozen=True)
class WaitingView:
    label: str
    people: list[str]
    nobody: str


@dataclass(frozen=True)
class HistoryRow:
    event: Event
    label: str


@dataclass(frozen=True)
class Panel:
    kind: str
    record_pk: int
    state_label: str
    round: int
    steps: list[StepView]
    waiting: list[WaitingView]
    moves: list[MoveView]
    history: list[HistoryRow]
    last_event: int
    final: bool


def panel(kind: Kind, record: Any, user: Any) -> Panel:
    actor = audit.Actor(user=user)
    events = list(kind.events(record).select_related("actor"))
    current = kind.round(record)
    round_events = [e for e in events if e.round == current]
    base = facts_for(kind, record, actor, Inputs(), round_events)
    staff = kind.staff(record)
    table = kind.lifecycle
    signed_events = {e.slot: e for e in round_events if e.slot}
    names = {p.key: p.name for p in staff}
    steps = [
        StepView(
            slot, signed_events.get(slot.key), str(names.get(base.designated.get(slot.key), ""))
        )
        for slot in table.slots()
    ]
    waiting = [
        WaitingView(
            w.move.signs.label if w.move.signs else w.move.action.label,
            [p.name for p in w.people],
            w.nobody,
        )
        for w in table.waiting(base, staff)
    ]
    moves = []
    for move in table.moves_from(base.state):
        if not table.may_act(move, base, base.actor):
            continue
        moves.append(_move_view(kind, record, move, base, actor, round_events, staff))
    return Panel(
        kind=kind.name, record_pk=record.pk, state_label=base.state.label, round=current,
        steps=steps, waiting=waiting, moves=moves,
        history=[HistoryRow(e, _label(table, e.action)) for e in events],
        last_event=events[-1].pk if events else 0, final=base.state in table.finals,
    )  # fmt: skip


def _label(table: Any, action: str) -> str:
    try:
        return str(table.actions(action).label)
    except ValueError:
        return action


def _move_view(kind: Kind, record: Any, move: Move[Any, Any], base: Any, actor: audit.Actor,
               round_events: list[Event], staff: list[Person]) -> MoveView:  # fmt: skip
    table = kind.lifecycle
    blocked = ""
    words: list[tuple[str, str]] = []
    slots: list[tuple[str, str]] = []
    people: list[tuple[Any, str]] = []
    if move.kind is MoveKind.DESIGNATE:
        for w in table.waiting(base, staff):
            if w.move.signs is not None:
                slots.append((w.move.signs.key, w.move.signs.label))
        people = [(p.key, p.name) for p in staff]
        if not slots:
            blocked = "当前没有待办的审核环节"
    else:
        facts = facts_for(kind, record, actor, Inputs(note="（预检）"), round_events, move.gates)
        problems = [p for gate in move.gates for p in facts.problems.get(gate, ())]
        if move.kind is MoveKind.ACKNOWLEDGE:
            words = kind.acknowledgeable(record, round_events)
            if not words:
                blocked = "没有待确认的错敏词"
        else:
            try:
                table.check(facts, move.action)
            except Refused as refused:
                # A gate that only the form's inputs can open (a conclusion) is not a block.
                blocked = refused.message if problems and not kind.fields(move) else ""
    return MoveView(move, kind.fields(move), blocked, words, slots, people)


def sheet_steps(kind: Kind, record: Any) -> tuple[list[Step], list[Acknowledged]]:
    """The rows of the printed 审核表: this round's steps, then any return that ended it."""
    round_events = kind.round_events(record)
    by_slot = {e.slot: e for e in round_events if e.slot}
    steps = []
    for slot in kind.lifecycle.slots():
        event = by_slot.get(slot.key)
        if event is None:
            steps.append(Step(slot.label))
            continue
        conclusion = str(event.data.get("conclusion_label", ""))
        opinion = "通过。" + "；".join(x for x in (conclusion, event.note) if x)
        steps.append(Step(slot.label, opinion.rstrip("；"), event.actor_name, event.at))
    for event in round_events:
        if kind.lifecycle.kind_of(event.action) in (MoveKind.RETURN, MoveKind.RECALL):
            label = kind.lifecycle.actions(event.action).label
            opinion = f"退回。{event.note}" if event.note else "退回"
            steps.append(Step(label, opinion, event.actor_name, event.at))
    acknowledged = [
        Acknowledged("、".join(e.data.get("words", [])), e.note, e.actor_name, e.at)
        for e in round_events
        if kind.lifecycle.kind_of(e.action) is MoveKind.ACKNOWLEDGE
    ]
    return steps, acknowledged


def first_signed(events: Sequence[Event], slot: str) -> dt.datetime | None:
    return next((e.at for e in events if e.slot == slot), None)
