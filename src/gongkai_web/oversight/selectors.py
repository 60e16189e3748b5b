"""Reads of 监督保障: the group on a day, the year's changes, training, score tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Case, Count, IntegerField, Q, QuerySet, Sum, Value, When

from gongkai.scoring.score import Item, Line, Period, Row, Source, by_person, by_unit
from gongkai.workflow.tables.scoring_run import RunState
from gongkai_web.organizations.models import Agency
from gongkai_web.oversight.models import (
    Attendance,
    Commendation,
    Duty,
    GroupRole,
    GroupSeat,
    Rule,
    ScoreLine,
    ScoreRun,
    TrainingSession,
    in_force_on,
)

_ROLE_ORDER = Case(
    *(When(role=role, then=Value(n)) for n, role in enumerate(GroupRole.values)),
    output_field=IntegerField(),
)


def group_on(agency: Agency, day: dt.date) -> QuerySet[GroupSeat]:
    """The group as it stood on ``day``: 组长, then 副组长, then 成员."""
    seats = GroupSeat.objects.filter(in_force_on(day), agency=agency).select_related("user")
    return seats.annotate(rank=_ROLE_ORDER).order_by("rank", "effective_from", "pk")


def duties_on(agency: Agency, day: dt.date) -> QuerySet[Duty]:
    return Duty.objects.filter(in_force_on(day), agency=agency).select_related("unit")


def group_changes(agency: Agency, year: int) -> QuerySet[GroupSeat]:
    """Seats taken or left during the year: the 优化重组 the report speaks of."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return GroupSeat.objects.filter(
        Q(effective_from__range=(start, end)) | Q(effective_to__range=(start, end)),
        agency=agency,
    ).order_by("effective_from", "pk")


def rules_in_force(agency: Agency, day: dt.date) -> QuerySet[Rule]:
    return Rule.objects.filter(in_force_on(day), agency=agency).select_related("file")


def sessions(agency: Agency, year: int) -> QuerySet[TrainingSession]:
    return (
        TrainingSession.objects.filter(agency=agency, held_on__year=year)
        .annotate(people=Count("attendance"))
        .order_by("held_on", "pk")
    )


@dataclass(frozen=True)
class TrainingCounts:
    sessions: int
    internal: int
    external: int
    attendances: int
    people: int
    hours: Decimal


def training_counts(agency: Agency, year: int) -> TrainingCounts:
    rows = list(sessions(agency, year))
    attendance = Attendance.objects.filter(session__agency=agency, session__held_on__year=year)
    return TrainingCounts(
        sessions=len(rows),
        internal=sum(1 for s in rows if s.organiser_kind == "internal"),
        external=sum(1 for s in rows if s.organiser_kind != "internal"),
        attendances=attendance.count(),
        people=attendance.values("user").distinct().count(),
        hours=sum((s.hours * s.people for s in rows), Decimal(0)),  # type: ignore[attr-defined]
    )


@dataclass(frozen=True)
class TrainingRecord:
    person: User
    sessions: list[TrainingSession]
    hours: Decimal


def training_record(user: User, year: int | None = None) -> TrainingRecord:
    attended = TrainingSession.objects.filter(attendance__user=user)
    if year is not None:
        attended = attended.filter(held_on__year=year)
    rows = list(attended.order_by("held_on", "pk"))
    return TrainingRecord(user, rows, sum((s.hours for s in rows), Decimal(0)))


def latest_run(agency: Agency, year: int, period: Period) -> ScoreRun | None:
    """The period's run in force: the confirmed one, or the latest computed."""
    return (
        ScoreRun.objects.filter(agency=agency, year=year, period=period.value)
        .exclude(status=RunState.SUPERSEDED)
        .select_related("standard", "ran_by")
        .order_by("-ran_at", "-pk")
        .first()
    )


def runs(agency: Agency, year: int) -> QuerySet[ScoreRun]:
    return ScoreRun.objects.filter(agency=agency, year=year).order_by("-ran_at", "-pk")


def _as_line(row: ScoreLine) -> Line:
    item = Item(
        source=Source(row.source_model, row.source_pk, row.source_label, row.source_url),
        kind=row.kind,
        on=row.on,
        unit_id=row.unit_id,
        unit=row.unit_name,
        person_id=row.person_id,
        person=row.person_name,
    )
    return Line(item, row.rule, row.points)


def lines(run: ScoreRun) -> list[Line]:
    return [_as_line(row) for row in run.lines.order_by("on", "pk")]


def tables(run: ScoreRun) -> tuple[list[Row], list[Row]]:
    """The run's unit and person tables, summed by the core from the stored lines."""
    stored = lines(run)
    return by_unit(stored), by_person(stored)


def unit_lines(run: ScoreRun, unit_id: int) -> QuerySet[ScoreLine]:
    return run.lines.filter(unit_id=unit_id).order_by("on", "pk")


def person_lines(run: ScoreRun, user_id: int) -> QuerySet[ScoreLine]:
    return run.lines.filter(person_id=user_id).order_by("on", "pk")


def rule_summary(run: ScoreRun, unit_id: int | None = None) -> list[dict[str, object]]:
    rows = run.lines.all()
    if unit_id is not None:
        rows = rows.filter(unit_id=unit_id)
    return list(rows.values("rule").annotate(n=Count("pk"), points=Sum("points")).order_by("rule"))


def commendations(agency: Agency, year: int) -> QuerySet[Commendation]:
    return Commendation.objects.filter(agency=agency, year=year).select_related("unit", "person")


def people_trained(agency: Agency, year: int) -> list[dict[str, object]]:
    """Each person with sessions this year: how many and how many hours (for the list)."""
    return list(
        Attendance.objects.filter(session__agency=agency, session__held_on__year=year)
        .values("user_id", "user__username", "user__first_name", "user__last_name")
        .annotate(n=Count("pk"), hours=Sum("session__hours"))
        .order_by("-n", "user__username")
    )
