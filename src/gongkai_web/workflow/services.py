"""The one way a reviewed record changes state: lock it, check the table, write the move.

`apply` is what views and services call: in one transaction it locks the row, asks the
lifecycle table whether this person may make this move now (role, distinct signers, gates,
note), changes the record, writes the event row and the audit row. `move` is the same inside a
transaction the caller already holds with the row locked (the applications' services, which do
more in the same transaction). A double click or two people at once: the second waits for the
lock, then finds the record moved on (or, with ``expected``, that someone acted since the page
was shown) and is refused; it never makes a second move.

`enter` is the one way in for records whose work was done outside this system (an import):
each is checked against the table's import move and written in the state it ended in, with
its event and audit row, many records in a few statements. `move` refuses an import move.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai.workflow.lifecycle import Facts, MoveKind, Outcome, Refused, signed_after
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.workflow.kinds import Inputs, Kind, kind_named
from gongkai_web.workflow.models import Event


@dataclass(frozen=True)
class Made:
    record: Any
    outcome: Outcome[Any, Any]
    event: Event


def apply(
    kind: Kind | str,
    record: Any,
    action: Any,
    *,
    actor: audit.Actor,
    inputs: Inputs | None = None,
    expected: int | None = None,
) -> Made:
    """Make ``action`` on ``record`` as ``actor``. ``expected`` is the last event the person's
    page showed: if someone has acted since, the move is refused rather than made twice."""
    kind = kind_named(kind) if isinstance(kind, str) else kind
    with transaction.atomic():
        locked = kind.lock(record)
        return move(kind, locked, action, actor=actor, inputs=inputs, expected=expected)


def facts_for(kind: Kind, record: Any, actor: audit.Actor, inputs: Inputs,
              round_events: list[Event], gates: tuple[Any, ...] = ()) -> Facts[Any]:  # fmt: skip
    return Facts(
        state=kind.state(record),
        actor=kind.person(actor, record),
        author=kind.author(record),
        signed=kind.signed(record, round_events),
        designated=kind.designated(record, round_events),
        problems={gate: kind.problems(record, gate, round_events, inputs) for gate in gates},
        note=inputs.note,
        data=kind.facts_data(record),
    )


def move(
    kind: Kind,
    locked: Any,
    action: Any,
    *,
    actor: audit.Actor,
    inputs: Inputs | None = None,
    expected: int | None = None,
) -> Made:
    """``apply`` inside the caller's transaction; ``locked`` was read with select_for_update."""
    inputs = inputs or Inputs()
    table = kind.lifecycle
    action = table.actions(action)
    if expected is not None and kind.last_event_id(locked) != expected:
        state = kind.state(locked)
        raise Refused(
            f"{table.label}已有人办理，现为“{state.label}”；请刷新页面，核对后再操作（未重复办理）"
        )
    found = table.find(kind.state(locked), action)
    if found.kind is MoveKind.IMPORT:
        raise Refused(f"“{action.label}”只能通过导入办理，不能在{table.label}页面上办理")
    # The round's events matter to signatures, designations and acknowledged words only; a
    # plain move (submit, publish, a job's start) is decided without reading them.
    needs_round = (
        found.signs is not None
        or found.kind in (MoveKind.DESIGNATE, MoveKind.ACKNOWLEDGE)
        or bool(found.gates)
    )
    round_events = kind.round_events(locked) if needs_round else []
    facts = facts_for(kind, locked, actor, inputs, round_events, found.gates)
    designee = None
    if found.kind is MoveKind.DESIGNATE:
        designee = _designee(kind, locked, facts, inputs)
    outcome = table.check(facts, action)
    kind.check_inputs(locked, found, inputs, round_events)
    now = inputs.at or clock.now()
    before = outcome.before
    fields = [f.attname for f in locked._meta.concrete_fields if not f.primary_key]
    values = {name: getattr(locked, name) for name in fields}
    changes = kind.before_save(locked, outcome, inputs, actor, now)
    setattr(locked, kind.state_field, outcome.after.value)
    if found.new_round and kind.round_field:
        setattr(locked, kind.round_field, kind.round(locked) + 1)
    if kind.save_whole:
        locked.save()
    else:
        # Only what the move changed: one narrow UPDATE, whatever the record's size.
        changed = [name for name in fields if getattr(locked, name) != values[name]]
        locked.save(update_fields=changed or [kind.state_field])
    data = dict(inputs.data)
    if designee is not None:
        data |= {"designated_slot": designee[0], "designee": designee[1].pk,
                 "designee_name": designee[2]}  # fmt: skip
    event = kind.write_event(
        locked,
        inputs,
        round=kind.round(locked),
        action=action.value,
        from_state=before.value,
        to_state=outcome.after.value,
        slot=found.signs.key if found.signs else "",
        actor=actor.user,
        actor_name=facts.actor.name if actor.user is not None else "系统",
        at=now,
        note=inputs.note.strip(),
        data=audit.jsonable(data),
    )
    audit.record(
        actor=actor,
        action=f"{kind.audit_prefix or kind.name}.{action.value}",
        obj=locked,
        agency=kind.agency(locked),
        changes={
            "state": {"before": before.value, "after": outcome.after.value},
            "round": kind.round(locked),
            **({"slot": found.signs.key} if found.signs else {}),
            **({"note": inputs.note.strip()} if inputs.note.strip() else {}),
            **audit.jsonable(data),
            **({"recorded_for": inputs.at} if inputs.at else {}),
            **changes,
        },
    )
    kind.after_save(locked, outcome, inputs, actor, event)
    return Made(locked, outcome, event)


def enter(
    kind: Kind, records: Sequence[Any], action: Any, *, actor: audit.Actor,
    inputs: Sequence[Inputs],
) -> list[Any]:  # fmt: skip
    """Enter ``records`` (each with its ``inputs``: the import's file and row in ``data``)
    through the table's import move ``action``, all or nothing. A record is new (not yet
    saved) or was created by the caller in this transaction; either way it must be in the
    table's first state, and ``actor`` must be one who may make the move (a ``Refused`` names
    who may). The kind's effects of a move (``before_save``) are not run: the record arrives
    as it ended elsewhere. Returns the records, saved."""
    table = kind.lifecycle
    action = table.actions(action)
    found = table.find(table.initial, action)
    if found.kind is not MoveKind.IMPORT:
        raise ValueError(f"{table.name}: {action.value} is not an import move")
    if len(inputs) != len(records):
        raise ValueError("one Inputs per record")
    now = clock.now()
    with transaction.atomic():
        saved = [record for record in records if record.pk is not None]
        if saved:
            # Read again under their locks: in the first state, whatever the caller's copies say.
            states = dict(
                kind.model._default_manager.select_for_update()
                .filter(pk__in=[record.pk for record in saved])
                .values_list("pk", kind.state_field)
            )
            for record in saved:
                setattr(record, kind.state_field, states[record.pk])
        befores = []
        for record, given in zip(records, inputs, strict=True):
            facts = Facts(
                state=kind.state(record), actor=kind.person(actor, record), note=given.note,
                data=kind.facts_data(record),
            )  # fmt: skip
            outcome = table.check(facts, action)
            befores.append(outcome.before)
            setattr(record, kind.state_field, outcome.after.value)
        manager = kind.model._default_manager
        manager.bulk_create([record for record in records if record.pk is None])
        if saved:
            manager.bulk_update(saved, [kind.state_field])
        name = kind.person(actor, records[0]).name if actor.user is not None and records else "系统"
        events = []
        changes = []
        for record, given, before in zip(records, inputs, befores, strict=True):
            after = getattr(record, kind.state_field)
            data = audit.jsonable(dict(given.data))
            events.append(
                kind.new_event(
                    record, given, round=kind.round(record), action=action.value,
                    from_state=before.value, to_state=after, slot="", actor=actor.user,
                    actor_name=name, at=now, note=given.note.strip(), data=data,
                )
            )  # fmt: skip
            changes.append(
                audit.Change(
                    f"{kind.audit_prefix or kind.name}.{action.value}", record,
                    {"state": {"before": before.value, "after": after}, **data},
                    kind.agency(record),
                )
            )  # fmt: skip
        kind.event_model._default_manager.bulk_create(events)
        audit.record_many(actor=actor, entries=changes, at=now)
    return list(records)


def _designee(kind: Kind, record: Any, facts: Facts[Any], inputs: Inputs) -> tuple[str, Any, str]:
    slot = str(inputs.data.get("slot", ""))
    try:
        user_pk = int(inputs.data.get("designee", 0))
    except (TypeError, ValueError):
        user_pk = 0
    person = next((p for p in kind.staff(record) if p.key == user_pk), None)
    if person is None:
        raise Refused(f"请选择{kind.agency(record).name}的工作人员作为办理人")
    kind.lifecycle.check_designation(facts, slot, person)
    from django.contrib.auth.models import User

    return slot, User.objects.get(pk=user_pk), person.name


def round_view(kind: Kind, record: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """The signatures and designations of the record's current round (for pages and tests)."""
    events = kind.round_events(record)
    return kind.signed(record, events), kind.designated(record, events)


__all__ = ["Made", "apply", "enter", "facts_for", "move", "round_view", "signed_after"]
