"""The year's records as the scoring core's Items: one query per kind of record.

Units are the agencies at or below the scored agency (the bureau, its schools, its 电教馆);
the person is whoever the record names as its author or handler. Each item carries the page
where its record is seen, so every point in a table opens its record.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from gongkai.media.review import Stage
from gongkai.scoring.score import ADJUSTMENT, Item, Source
from gongkai.scoring.standard import AwardKind, DeductionKind, OutletLevel
from gongkai.workdays import Calendar, UnknownYearError
from gongkai.workflow.tables.catalogue import EntryAction
from gongkai_web.cases.clock import case_clock
from gongkai_web.cases.models import Application
from gongkai_web.media_accounts.models import Post, PostEvent, PostStatus, Problem
from gongkai_web.organizations.models import Agency
from gongkai_web.oversight.models import Adjustment, Carriage
from gongkai_web.publishing.models import Entry, EntryEvent
from gongkai_web.publishing.models import Status as EntryStatus


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _name(user: object) -> str:
    if user is None:
        return ""
    return str(user.get_full_name() or user.get_username())  # type: ignore[attr-defined]


def _who(user: object) -> tuple[int | None, str]:
    return (getattr(user, "pk", None), _name(user))


def _editors(rows: QuerySet[Post]) -> dict[int, User]:
    """Who signed 初审 of each post: the editor, for posts whose drafter was not recorded
    (imported ones); one query for the lot."""
    steps = PostEvent.objects.filter(
        record__in=rows.filter(drafted_by__isnull=True).values("pk"),
        slot=Stage.FIRST_REVIEW,
        actor__isnull=False,
    ).select_related("actor")
    return {step.record_id: step.actor for step in steps if step.actor is not None}


def posts(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    # Plain value rows, not model instances: a bureau with its schools has thousands of posts.
    rows = Post.objects.filter(
        account__agency__path__startswith=agency.path,
        status=PostStatus.PUBLISHED,
        published_at__gte=_day_start(start),
        published_at__lt=_day_start(end + dt.timedelta(days=1)),
    ).order_by("pk")
    units = dict(Agency.objects.filter(path__startswith=agency.path).values_list("pk", "name"))
    drafters = {u.pk: u for u in User.objects.filter(pk__in=rows.values("drafted_by_id"))}
    base = reverse("media_accounts:post", args=[0]).removesuffix("0/")
    editors = _editors(rows)
    zone = timezone.get_current_timezone()
    values = rows.values_list("pk", "title", "published_at", "account__agency_id", "drafted_by_id")
    for pk, title, published_at, unit_id, drafter_id in values:
        if published_at is None:  # excluded by the filter above; a published post has a time
            continue
        person_id, person = _who(drafters.get(drafter_id) or editors.get(pk))
        yield Item(
            source=Source("media_accounts.post", pk, title, f"{base}{pk}/"),
            kind=AwardKind.POST,
            on=published_at.astimezone(zone).date(),
            unit_id=unit_id,
            unit=units[unit_id],
            person_id=person_id,
            person=person,
        )


def carriages(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    rows = Carriage.objects.filter(
        post__account__agency__path__startswith=agency.path,
        carried_on__range=(start, end),
    ).select_related("post__account__agency", "post__drafted_by")
    for carriage in rows:
        unit = carriage.post.account.agency
        person_id, person = _who(carriage.post.drafted_by)
        yield Item(
            source=Source(
                "oversight.carriage",
                carriage.pk,
                f"{carriage.outlet}刊发《{carriage.post.title}》",
                reverse("media_accounts:post", args=[carriage.post_id]),
            ),
            kind=AwardKind.REPORT,
            on=carriage.carried_on,
            unit_id=unit.pk,
            unit=unit.name,
            person_id=person_id,
            person=person,
            level=OutletLevel(carriage.level),
        )


def entries(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    rows = Entry.objects.filter(
        agency__path__startswith=agency.path,
        status__in=(EntryStatus.PUBLISHED, EntryStatus.WITHDRAWN),
        published_on__range=(start, end),
    ).select_related("agency", "created_by")
    for entry in rows:
        assert entry.published_on is not None  # filtered on it
        person_id, person = _who(entry.created_by)
        source = Source(
            "publishing.entry",
            entry.pk,
            entry.title,
            reverse("publishing:detail", args=[entry.pk]),
        )
        common = {
            "on": entry.published_on,
            "unit_id": entry.agency_id,
            "unit": entry.agency.name,
            "person_id": person_id,
            "person": person,
        }
        yield Item(source=source, kind=AwardKind.ENTRY, **common)  # type: ignore[arg-type]
        if entry.late:
            yield Item(source=source, kind=DeductionKind.LATE_PUBLICATION, **common)  # type: ignore[arg-type]


def returned_reviews(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    rows = EntryEvent.objects.filter(
        record__agency__path__startswith=agency.path,
        action=EntryAction.SEND_BACK,
        at__gte=_day_start(start),
        at__lt=_day_start(end + dt.timedelta(days=1)),
    ).select_related("record__agency", "record__created_by")
    for step in rows:
        entry = step.record
        person_id, person = _who(entry.created_by)
        yield Item(
            source=Source(
                "publishing.entryevent",
                step.pk,
                f"《{entry.title}》审核退回：{step.note[:60]}",
                reverse("publishing:detail", args=[step.record_id]),
            ),
            kind=DeductionKind.REVIEW_RETURNED,
            on=timezone.localtime(step.at).date(),
            unit_id=entry.agency_id,
            unit=entry.agency.name,
            person_id=person_id,
            person=person,
        )


def patrol_problems(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    rows = Problem.objects.filter(
        account__agency__path__startswith=agency.path, found_on__range=(start, end)
    ).select_related("account__agency", "post__drafted_by")
    for problem in rows:
        unit = problem.account.agency
        person_id, person = _who(problem.post.drafted_by if problem.post else None)
        url = (
            reverse("media_accounts:patrol", args=[problem.run_id])
            if problem.run_id
            else reverse("media_accounts:problems") + f"?agency={unit.pk}"
        )
        yield Item(
            source=Source(
                "media_accounts.problem",
                problem.pk,
                f"{problem.account.name}：{problem.get_category_display()}",
                url,
            ),
            kind=DeductionKind.PATROL_PROBLEM,
            on=problem.found_on,
            unit_id=unit.pk,
            unit=unit.name,
            person_id=person_id,
            person=person,
        )


def late_replies(
    agency: Agency, start: dt.date, end: dt.date, calendar: Calendar
) -> Iterator[Item]:
    rows = (
        Application.objects.filter(
            agency__path__startswith=agency.path, closed_on__range=(start, end)
        )
        .select_related("agency", "handling_unit", "handler")
        .prefetch_related("consultations")
    )
    for application in rows:
        try:
            due = case_clock(application).due(calendar)
        except UnknownYearError:
            continue  # no calendar for that year: the clock cannot say it was late
        if due is None or application.closed_on is None or application.closed_on <= due:
            continue
        unit = application.handling_unit or application.agency
        person_id, person = _who(application.handler)
        yield Item(
            source=Source(
                "cases.application",
                application.pk,
                f"申请 {application.tracking_number}（应于{due:%Y-%m-%d}前答复，"
                f"{application.closed_on:%Y-%m-%d}答复）",
                reverse("cases:detail", args=[application.pk]),
            ),
            kind=DeductionKind.LATE_REPLY,
            on=application.closed_on,
            unit_id=unit.pk,
            unit=unit.name,
            person_id=person_id,
            person=person,
        )


def adjustments(agency: Agency, start: dt.date, end: dt.date) -> Iterator[Item]:
    rows = Adjustment.objects.filter(agency=agency, on__range=(start, end)).select_related(
        "unit", "person"
    )
    for adjustment in rows:
        person_id, person = _who(adjustment.person)
        yield Item(
            source=Source(
                "oversight.adjustment",
                adjustment.pk,
                f"人工调整：{adjustment.reason}",
                reverse("oversight:adjustments")
                + f"?agency={agency.pk}#adjustment-{adjustment.pk}",
            ),
            kind=ADJUSTMENT,
            on=adjustment.on,
            unit_id=adjustment.unit_id,
            unit=adjustment.unit.name,
            person_id=person_id,
            person=person,
            points=adjustment.points,
        )


def items(agency: Agency, start: dt.date, end: dt.date, calendar: Calendar) -> list[Item]:
    return [
        *posts(agency, start, end),
        *carriages(agency, start, end),
        *entries(agency, start, end),
        *returned_reviews(agency, start, end),
        *patrol_problems(agency, start, end),
        *late_replies(agency, start, end, calendar),
        *adjustments(agency, start, end),
    ]
