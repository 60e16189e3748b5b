"""The scoring run as a kind of reviewed record (table: gongkai.workflow.tables.scoring_run).

A run is 审定 by the agency's leader in charge or a 政务公开办 at or above it (as everywhere in
监督保障, see permissions.can_manage), never by who ran it. A new run of the same period
supersedes the runs not yet confirmed, as the system, inside the transaction that makes it; a
confirmed run is the period's result and is not scored again.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.scoring.score import Period
from gongkai.workflow.lifecycle import Party, Person, Refused
from gongkai.workflow.tables.scoring_run import CONFIRMED, SCORING_RUN, RunAction, RunState
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Role, RoleGrant
from gongkai_web.oversight.models import ScoreRun, ScoreRunEvent
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs, Kind, person_name, register


class RunKind(Kind):
    lifecycle = SCORING_RUN
    model = ScoreRun
    event_model = ScoreRunEvent
    audit_prefix = "oversight.scoring"
    round_field = None
    author_field = "ran_by"
    related = ("agency", "standard")

    def url(self, record: Any) -> str:
        return reverse("oversight:run", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"{record.agency.name}{record.year}年{Period(record.period).label}计分"

    def roles(self, user: Any, record: Any) -> frozenset[str]:
        held = super().roles(user, record)
        if Party.SUPERVISOR_ABOVE in held:
            return held | {Role.SUPERVISOR}
        return held

    def staff(self, record: Any) -> list[Person]:
        """The agency's people and the 政务公开办 above it, who may confirm too."""
        people = super().staff(record)
        known = {p.key for p in people}
        path = record.agency.path
        above = [path[: i + 1] for i, char in enumerate(path) if char == "/"][:-1]
        grants = RoleGrant.objects.filter(role=Role.SUPERVISOR, agency__path__in=above)
        for grant in grants.select_related("user").order_by("user__username"):
            if grant.user.is_active and grant.user_id not in known:
                known.add(grant.user_id)
                people.append(Person(grant.user_id, person_name(grant.user),
                                     frozenset({Role.SUPERVISOR})))  # fmt: skip
        return people


RUN = register(RunKind())


def confirmation(run: ScoreRun) -> ScoreRunEvent | None:
    """The event of the run's 审定, if it was confirmed."""
    found: ScoreRunEvent | None = run.events.filter(slot=CONFIRMED.key).order_by("-pk").first()
    return found


def confirm(
    *, actor: audit.Actor, run: ScoreRun, note: str = "", at: dt.datetime | None = None,
    expected: int | None = None,
) -> ScoreRun:  # fmt: skip
    """审定 the run: its table becomes the period's result. ``at``: a confirmation recorded
    afterwards (the demo's history)."""
    try:
        made = workflow.apply(RUN, run, RunAction.CONFIRM, actor=actor,
                              inputs=Inputs(note=note, at=at), expected=expected)  # fmt: skip
    except Refused as refused:
        raise ValidationError(refused.message) from None
    confirmed: ScoreRun = made.record
    return confirmed


def in_force(agency: Any, year: int, period: Period) -> list[ScoreRun]:
    """The period's runs not superseded, locked; refused when one of them is confirmed."""
    current = list(
        ScoreRun.objects.select_for_update(of=("self",))
        .filter(agency=agency, year=year, period=period.value)
        .exclude(status=RunState.SUPERSEDED)
        .select_related("agency")
        .order_by("pk")
    )
    for run in current:
        if run.status == RunState.CONFIRMED:
            done = confirmation(run)
            who = f"已由{done.actor_name}于{_day(done.at)}审定" if done else "已审定"
            raise ValidationError(
                f"{year}年{period.label}计分{who}，审定后的得分表即为该期考核结果，不能重新计分。"
            )
    return current


def supersede(runs: list[ScoreRun], by: ScoreRun) -> None:
    """The runs ``by`` replaces, moved by the system in the caller's transaction."""
    for run in runs:
        workflow.move(RUN, run, RunAction.SUPERSEDE, actor=audit.SYSTEM,
                      inputs=Inputs(note="同一考核期间重新计分", data={"by_run": by.pk},
                                    at=by.ran_at))  # fmt: skip


def _day(moment: dt.datetime) -> str:
    day = timezone.localtime(moment).date()
    return f"{day.year}年{day.month}月{day.day}日"
