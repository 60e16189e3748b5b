"""The only write path of 监督保障: each change in a transaction with its audit row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from gongkai.scoring.score import Period, score, total, window
from gongkai.scoring.standard import StandardError, parse_standard
from gongkai.workdays import Calendar
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.media_accounts.models import Post
from gongkai_web.organizations.models import Agency
from gongkai_web.oversight import records
from gongkai_web.oversight import workflow as scoring
from gongkai_web.oversight.models import (
    Adjustment,
    Attendance,
    Carriage,
    Commendation,
    Duty,
    GroupRole,
    GroupSeat,
    Organiser,
    Rule,
    ScoreLine,
    ScoreRun,
    ScoringStandard,
    TrainingSession,
)


def _now() -> dt.datetime:
    return clock.now()


# --- the leading group and the responsibility map -------------------------------------------


@transaction.atomic
def appoint(
    *,
    actor: audit.Actor,
    agency: Agency,
    role: str,
    name: str,
    position: str,
    effective_from: dt.date,
    user: User | None = None,
    replaces: GroupSeat | None = None,
) -> GroupSeat:
    """Seat someone on the leading group; ``replaces`` ends that seat the day before."""
    if role not in GroupRole.values:
        raise ValidationError("职务只能是组长、副组长或成员。")
    if not name.strip():
        raise ValidationError("请填写姓名。")
    if role == GroupRole.LEADER and replaces is None:
        current = GroupSeat.objects.filter(agency=agency, role=GroupRole.LEADER).filter(
            effective_to__isnull=True
        )
        if current.exists():
            raise ValidationError("领导小组已有组长；更换组长请选择“接替”现任组长。")
    if replaces is not None:
        if replaces.agency_id != agency.pk:
            raise ValidationError("被接替的成员不属于本机关的领导小组。")
        if effective_from <= replaces.effective_from:
            raise ValidationError("接替日期应晚于被接替成员的任职日期。")
        end_seat(actor=actor, seat=replaces, on=effective_from - dt.timedelta(days=1))
    seat = GroupSeat.objects.create(
        agency=agency,
        role=role,
        name=name.strip(),
        position=position.strip(),
        user=user,
        effective_from=effective_from,
    )
    audit.record(
        actor=actor,
        action="oversight.group.appoint",
        obj=seat,
        agency=agency,
        changes={"role": role, "name": seat.name, "from": effective_from},
    )
    return seat


@transaction.atomic
def end_seat(*, actor: audit.Actor, seat: GroupSeat, on: dt.date) -> GroupSeat:
    if seat.effective_to is not None:
        raise ValidationError(f"{seat.name}已于{seat.effective_to}离任。")
    if on < seat.effective_from:
        raise ValidationError("离任日期不能早于任职日期。")
    seat.effective_to = on
    seat.save(update_fields=["effective_to"])
    audit.record(
        actor=actor, action="oversight.group.end", obj=seat, agency=seat.agency, changes={"to": on}
    )
    return seat


@transaction.atomic
def assign_duty(
    *,
    actor: audit.Actor,
    agency: Agency,
    section: str,
    tasks: str,
    person: str,
    effective_from: dt.date,
    lead: bool = False,
    unit: Agency | None = None,
    user: User | None = None,
) -> Duty:
    """A section's tasks and its responsible person; the section's previous line ends."""
    if not section.strip() or not tasks.strip() or not person.strip():
        raise ValidationError("请填写股室（单位）、工作任务和责任人。")
    previous = Duty.objects.filter(
        agency=agency, section=section.strip(), effective_to__isnull=True
    )
    for old in previous:
        if effective_from <= old.effective_from:
            raise ValidationError(f"{old.section}的新分工应晚于{old.effective_from}。")
        old.effective_to = effective_from - dt.timedelta(days=1)
        old.save(update_fields=["effective_to"])
    duty = Duty.objects.create(
        agency=agency,
        section=section.strip(),
        unit=unit,
        lead=lead,
        tasks=tasks.strip(),
        person=person.strip(),
        user=user,
        effective_from=effective_from,
    )
    audit.record(
        actor=actor,
        action="oversight.duty.assign",
        obj=duty,
        agency=agency,
        changes={"section": duty.section, "person": duty.person, "lead": lead},
    )
    return duty


# --- rules ----------------------------------------------------------------------------------


@transaction.atomic
def issue_rule(
    *,
    actor: audit.Actor,
    agency: Agency,
    title: str,
    issued_on: dt.date,
    effective_from: dt.date,
    number: str = "",
    summary: str = "",
    governs: Iterable[str] = (),
    file: Any = None,
) -> Rule:
    """A rule, or a new version of one: the version in force ends the day before."""
    title = title.strip().strip("《》")
    if not title:
        raise ValidationError("请填写制度名称。")
    in_force = Rule.objects.filter(agency=agency, title=title, effective_to__isnull=True).first()
    if in_force is not None:
        if effective_from <= in_force.effective_from:
            raise ValidationError(f"新版本的施行日期应晚于第{in_force.version}版的施行日期。")
        in_force.effective_to = effective_from - dt.timedelta(days=1)
        in_force.save(update_fields=["effective_to"])
    last = Rule.objects.filter(agency=agency, title=title).aggregate(v=Max("version"))["v"] or 0
    rule = Rule.objects.create(
        agency=agency,
        title=title,
        number=number,
        version=last + 1,
        issued_on=issued_on,
        effective_from=effective_from,
        summary=summary,
        governs=sorted(set(governs)),
        file=file,
    )
    audit.record(
        actor=actor,
        action="oversight.rule.issue",
        obj=rule,
        agency=agency,
        changes={"title": title, "version": rule.version, "governs": rule.governs},
    )
    return rule


# --- training -------------------------------------------------------------------------------


def _hours(raw: object) -> Decimal:
    try:
        hours = Decimal(str(raw).strip())
    except InvalidOperation:
        raise ValidationError(f"学时“{raw}”不是数字，请填写如 2 或 1.5 的数。") from None
    if not hours.is_finite() or hours <= 0 or hours > 100:
        raise ValidationError("学时应大于 0 且不超过 100。")
    return hours.quantize(Decimal("0.1"))


@transaction.atomic
def record_training(
    *,
    actor: audit.Actor,
    agency: Agency,
    held_on: dt.date,
    topic: str,
    organiser_kind: str,
    organiser: str,
    hours: object,
    attendees: Iterable[User] = (),
    place: str = "",
    materials: Iterable[Any] = (),
) -> TrainingSession:
    if not topic.strip():
        raise ValidationError("请填写培训主题。")
    if organiser_kind not in Organiser.values:
        raise ValidationError("组织方式只能是本单位组织、区级、市级或省级举办。")
    session = TrainingSession.objects.create(
        agency=agency,
        held_on=held_on,
        topic=topic.strip(),
        organiser_kind=organiser_kind,
        organiser=organiser.strip() or agency.name,
        hours=_hours(hours),
        place=place,
    )
    people = list(attendees)
    Attendance.objects.bulk_create([Attendance(session=session, user=u) for u in people])
    session.materials.set(list(materials))
    audit.record(
        actor=actor,
        action="oversight.training.record",
        obj=session,
        agency=agency,
        changes={"topic": session.topic, "on": held_on, "attendees": [u.pk for u in people]},
    )
    return session


@transaction.atomic
def mark_attendance(*, actor: audit.Actor, session: TrainingSession, users: Iterable[User]) -> int:
    have = set(session.attendance.values_list("user_id", flat=True))
    new = [u for u in users if u.pk not in have]
    Attendance.objects.bulk_create([Attendance(session=session, user=u) for u in new])
    audit.record(
        actor=actor,
        action="oversight.training.attendance",
        obj=session,
        agency=session.agency,
        changes={"added": [u.pk for u in new]},
    )
    return len(new)


# --- scoring --------------------------------------------------------------------------------


@transaction.atomic
def define_standard(
    *,
    actor: audit.Actor,
    agency: Agency,
    data: Mapping[str, Any],
    effective_from: dt.date,
    rule: Rule | None = None,
) -> ScoringStandard:
    try:
        standard = parse_standard(data)
    except StandardError as error:
        raise ValidationError(error.messages) from None
    last = ScoringStandard.objects.filter(agency=agency).aggregate(v=Max("version"))["v"] or 0
    made = ScoringStandard.objects.create(
        agency=agency,
        name=standard.name,
        version=last + 1,
        effective_from=effective_from,
        rule=rule,
        data=standard.to_data(),
        created_by=actor.user,
        created_at=_now(),
    )
    audit.record(
        actor=actor,
        action="oversight.standard.define",
        obj=made,
        agency=agency,
        changes={"version": made.version, "data": made.data},
    )
    return made


def current_standard(agency: Agency) -> ScoringStandard | None:
    return ScoringStandard.objects.filter(agency=agency).order_by("-version").first()


@transaction.atomic
def run_scoring(
    *,
    actor: audit.Actor,
    agency: Agency,
    year: int,
    period: Period,
    calendar: Calendar,
    at: dt.datetime | None = None,
) -> ScoreRun:
    """Apply the agency's current standard to the period's records: a new run, new lines,
    replacing the period's runs not yet confirmed (a confirmed one refuses a new run)."""
    made = current_standard(agency)
    if made is None:
        raise ValidationError("尚未制定记分标准，请先在“记分标准”中制定。")
    standard = parse_standard(made.data)
    start, end = window(year, period)
    replaced = scoring.in_force(agency, year, period)
    lines = score(records.items(agency, start, end, calendar), standard, start, end)
    run = ScoreRun.objects.create(
        agency=agency,
        standard=made,
        year=year,
        period=period.value,
        start=start,
        end=end,
        ran_at=at or _now(),
        ran_by=actor.user,
        total=total(lines),
        line_count=len(lines),
    )
    ScoreLine.objects.bulk_create(
        [
            ScoreLine(
                run=run,
                unit_id=ln.item.unit_id,
                unit_name=ln.item.unit,
                person_id=ln.item.person_id,
                person_name=ln.item.person,
                on=ln.item.on,
                kind=ln.item.kind,
                rule=ln.rule,
                points=ln.points,
                source_model=ln.source.model,
                source_pk=ln.source.pk,
                source_label=ln.source.label[:300],
                source_url=ln.source.url[:300],
            )
            for ln in lines
        ],
        batch_size=500,
    )
    audit.record(
        actor=actor,
        action="oversight.scoring.run",
        obj=run,
        agency=agency,
        changes={
            "year": year,
            "period": period.value,
            "standard": made.pk,
            "lines": len(lines),
            "total": run.total,
            "replaces": [r.pk for r in replaced],
        },
    )
    scoring.supersede(replaced, run)
    return run


@transaction.atomic
def adjust(
    *,
    actor: audit.Actor,
    agency: Agency,
    unit: Agency,
    on: dt.date,
    points: object,
    reason: str,
    person: User | None = None,
) -> Adjustment:
    """A manual change with its reason; it counts in every run whose period covers ``on``."""
    if not unit.path.startswith(agency.path):
        raise ValidationError("只能调整本机关及所属单位的得分。")
    if not reason.strip():
        raise ValidationError("人工调整必须填写理由。")
    try:
        value = Decimal(str(points).strip())
    except InvalidOperation:
        raise ValidationError(f"分值“{points}”不是数字，加分填正数，扣分填负数。") from None
    if not value.is_finite() or not value or abs(value) > 100:
        raise ValidationError("分值应为不为零、绝对值不超过 100 的数，加分填正数，扣分填负数。")
    adjustment = Adjustment.objects.create(
        agency=agency,
        unit=unit,
        person=person,
        on=on,
        points=value.quantize(Decimal("0.01")),
        reason=reason.strip(),
        made_by=actor.person(),
        made_at=_now(),
    )
    audit.record(
        actor=actor,
        action="oversight.scoring.adjust",
        obj=adjustment,
        agency=agency,
        changes={
            "unit": unit.name,
            "person": person.pk if person else None,
            "points": adjustment.points,
            "reason": adjustment.reason,
        },
    )
    return adjustment


@transaction.atomic
def record_carriage(
    *, actor: audit.Actor, post: Post, outlet: str, level: str, carried_on: dt.date, link: str = ""
) -> Carriage:
    if not outlet.strip():
        raise ValidationError("请填写刊发媒体的名称。")
    if level not in dict(Carriage._meta.get_field("level").choices or []):
        raise ValidationError("媒体级别只能是国家级、省级、市级或区级。")
    carriage = Carriage.objects.create(
        post=post, outlet=outlet.strip(), level=level, carried_on=carried_on, link=link
    )
    audit.record(
        actor=actor,
        action="oversight.carriage.record",
        obj=carriage,
        agency=post.account.agency,
        changes={"post": post.pk, "outlet": carriage.outlet, "level": level},
    )
    return carriage


@transaction.atomic
def commend(
    *,
    actor: audit.Actor,
    agency: Agency,
    year: int,
    title: str,
    unit: Agency,
    reason: str,
    announced_on: dt.date,
    person: User | None = None,
    occasion: str = "全区教育工作大会",
    run: ScoreRun | None = None,
) -> Commendation:
    if not title.strip() or not reason.strip():
        raise ValidationError("请填写荣誉称号和表彰事由。")
    if not unit.path.startswith(agency.path):
        raise ValidationError("只能表彰本机关及所属单位的个人和集体。")
    commendation = Commendation.objects.create(
        agency=agency,
        year=year,
        title=title.strip(),
        unit=unit,
        person=person,
        person_name=(person.get_full_name() or person.get_username()) if person else "",
        reason=reason.strip(),
        occasion=occasion.strip() or "全区教育工作大会",
        announced_on=announced_on,
        run=run,
    )
    audit.record(
        actor=actor,
        action="oversight.commend",
        obj=commendation,
        agency=agency,
        changes={
            "title": commendation.title,
            "unit": unit.name,
            "person": commendation.person_name,
        },
    )
    return commendation


# The 审定 of a scoring run is a move of its lifecycle (oversight.workflow).
confirm_run = scoring.confirm
