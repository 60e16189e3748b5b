"""The 待办 desk: what waits on one person now, across every registered kind of record.

A record waits on a person when its table has a step open that the person may sign now (the
same role and distinct-signer rules the move itself checks), or a move the kind counts as
waiting work (a submission, a publication, an application's handling) that the person may
make. A draft with a known author waits on its author only. Each kind is read in one or two
queries whatever the number of records: the records in a working state of the agencies the
person may see, then their current round's events. The new-media problems found by patrols
and sweeps (整改) are read in one more: an open one waits on its account's unit, a reported
one on the 政务公开办 at or above it, who closes it or sends it back.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any

from django.urls import reverse

from gongkai.workdays import Calendar
from gongkai.workflow.lifecycle import Facts, MoveKind, Person
from gongkai_web.media_accounts.models import Problem, ProblemStatus
from gongkai_web.media_accounts.permissions import can_supervise
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import can_edit, grants, visible_agencies
from gongkai_web.workflow.kinds import Deadline, Kind, person_name, registered


@dataclass(frozen=True)
class Item:
    kind: str  # what users call the record: 申请, 目录信息 …
    title: str
    url: str
    agency: str
    state: str
    todo: str  # the steps or moves waiting on the person: 保密审查、初审 …
    deadline: Deadline | None

    @property
    def due(self) -> dt.date | None:
        return self.deadline.due if self.deadline else None


@dataclass
class AgencyRow:
    """One agency's records in a working state, by kind (for its leader and the 政务公开办)."""

    name: str
    path: str
    counts: Counter[str] = field(default_factory=Counter)
    overdue: int = 0
    cells: list[int] = field(default_factory=list)  # the counts in the order of Desk.kinds

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Desk:
    mine: list[Item]
    # The agencies with records in a working state, for a leader or a 政务公开办 (else empty).
    agencies: list[AgencyRow]
    overseer: bool
    kinds: list[str]  # the kinds' labels, in the registry's order (the overview's columns)


def _todo(kind: Kind, record: Any, facts: Facts[Any]) -> list[str]:
    """The labels of what ``facts.actor`` may do now that the record is waiting for."""
    table = kind.lifecycle
    out: list[str] = []
    for move in table.moves_from(facts.state):
        # A move that opens a round does not count what the last round signed.
        probe = replace(facts, signed={}, designated={}) if move.new_round else facts
        if move.kind is MoveKind.SIGN and move.signs is not None:
            if move.signs.key in probe.signed:
                continue
            if any(earlier.key not in probe.signed for earlier in move.after):
                continue
            if table.may_act(move, probe, facts.actor):
                out.append(move.signs.label)
        elif move.action.value in kind.waits:
            drafted_by = facts.author if facts.state == table.initial else None
            if drafted_by is not None and drafted_by != facts.actor.key:
                continue  # a draft waits on its author
            if table.may_act(move, probe, facts.actor):
                out.append(move.action.label)
    return out


RECTIFICATION = "新媒体问题整改"


def _problems(user: Any, agencies: list[Agency], today: dt.date,
              rows: dict[int, AgencyRow]) -> list[Item]:  # fmt: skip
    unclosed = (ProblemStatus.OPEN, ProblemStatus.SUBMITTED)
    found = Problem.objects.filter(account__agency__in=agencies, status__in=unclosed)
    out = []
    for problem in found.select_related("account__agency").order_by("deadline", "pk"):
        agency = problem.account.agency
        overdue = problem.deadline is not None and today > problem.deadline
        if agency.pk in rows:
            rows[agency.pk].counts[RECTIFICATION] += 1
            rows[agency.pk].overdue += overdue
        if problem.status == ProblemStatus.OPEN and can_edit(user, agency):
            todo = "报送整改情况"
        elif problem.status == ProblemStatus.SUBMITTED and can_supervise(user, agency):
            todo = "销号或退回整改"
        else:
            continue
        due = problem.deadline
        note = f"整改期限 {due.isoformat()}{'（已逾期）' if overdue else ''}" if due else ""
        url = reverse("media_accounts:problems") + f"?agency={agency.pk}&status={problem.status}"
        out.append(Item(
            RECTIFICATION, f"{problem.account.name}：{problem.get_category_display()}", url,
            agency.name, problem.get_status_display(), todo,
            Deadline(due, note, overdue) if due else None,
        ))  # fmt: skip
    return out


def desk(user: Any, calendar: Calendar, today: dt.date) -> Desk:
    agencies = list(visible_agencies(user))
    held = grants(user)
    overseer = any(g.role in (Role.LEADER, Role.SUPERVISOR) for g in held)
    rows = {a.pk: AgencyRow(a.name, a.path) for a in agencies}
    name = person_name(user)
    mine: list[Item] = []
    kinds = list(registered().values())
    for kind in kinds:
        records = list(kind.open_records(agencies))
        events = kind.round_events_of(records)
        for record in records:
            agency: Agency = kind.agency(record)
            deadline = kind.deadline(record, calendar, today)
            row = rows.get(agency.pk)
            if row is not None:
                row.counts[kind.lifecycle.label] += 1
                row.overdue += bool(deadline and deadline.overdue)
            round_events = events.get(record.pk, [])
            facts: Facts[Any] = Facts(
                state=kind.state(record),
                actor=Person(user.pk, name, kind.roles(user, record)),
                author=kind.author_in(record, round_events),
                signed=kind.signed(record, round_events),
                designated=kind.designated(record, round_events),
            )
            todo = _todo(kind, record, facts)
            if todo:
                mine.append(Item(
                    kind.lifecycle.label, kind.title(record), kind.url(record), agency.name,
                    facts.state.label, "、".join(todo), deadline,
                ))  # fmt: skip
    mine += _problems(user, agencies, today, rows)
    # The statutory deadline first (the nearest, the overdue before it), then the rest.
    mine.sort(key=lambda item: (item.due is None, item.due or dt.date.max, item.kind, item.title))
    labels = [kind.lifecycle.label for kind in kinds] + [RECTIFICATION]
    busy = [row for row in rows.values() if row.total] if overseer else []
    overview = sorted(busy, key=lambda row: row.path)
    for row in overview:
        row.cells = [row.counts[label] for label in labels]
    return Desk(mine, overview, overseer, labels)
