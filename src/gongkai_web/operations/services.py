"""The only write path of the operator's records: each change in a transaction with its audit row.

So far: the years of the working-day calendar that the system administrator enters from the
State Council's notice (or from a data file), replaces, or deletes.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.workdays import CalendarDataError, shipped_years
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.operations.calendar_years import Entry, read_entry
from gongkai_web.operations.models import CalendarYear, EntryMethod
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import has_role

COMMAND_LINE = "command_line"  # the role recorded for `gongkai-web enter_calendar_year`


def _require_sysadmin(actor: audit.Actor) -> None:
    # The shell's operator already holds the server; everyone else needs the grant.
    if actor.user is None and actor.role == COMMAND_LINE:
        return
    if actor.user is None or not has_role(actor.user, Role.SYSADMIN):
        raise PermissionDenied("节假日安排须由系统管理员录入")


@transaction.atomic
def enter_year(
    *, actor: audit.Actor, method: str, year: int | None, text: str, source: str = ""
) -> CalendarYear:
    """Enter a year from the notice's text or a data file; replaces an entered or shipped year."""
    _require_sysadmin(actor)
    try:
        entry = read_entry(method=method, year=year, text=text, source=source)
    except CalendarDataError as exc:
        raise ValidationError(exc.message) from None
    return _save(actor, entry, text if entry.method == EntryMethod.NOTICE else "")


def _save(actor: audit.Actor, entry: Entry, notice_text: str) -> CalendarYear:
    schedule = entry.schedule
    now = clock.now()
    row = CalendarYear.objects.select_for_update().filter(year=schedule.year).first()
    replaced = row.schedule if row is not None else None
    if row is None:
        row = CalendarYear(year=schedule.year)
    row.schedule = schedule.to_dict()
    row.method = entry.method
    row.source = schedule.source[:200]
    row.notice_text = notice_text
    row.entered_by = actor.user
    # Who entered the schedule now in force, and when; updated_at is what other workers watch,
    # so it moves on at every write, even while the clock is frozen (tests, the demo).
    row.entered_at = now
    last: dt.datetime | None = row.updated_at if row.pk else None
    row.updated_at = now if last is None or now > last else last + dt.timedelta(microseconds=1)
    row.save()
    audit.record(
        actor=actor,
        action="calendar.year_replaced" if replaced is not None else "calendar.year_entered",
        obj=row,
        changes={
            "year": schedule.year,
            "method": entry.method.value,
            "source": schedule.source,
            "holidays": len(schedule.holidays),
            "makeup_workdays": len(schedule.makeup_workdays),
            "shipped_year": schedule.year in shipped_years(),
            "before": replaced,
            "after": row.schedule,
        },
        at=now,
    )
    return row


@transaction.atomic
def delete_year(*, actor: audit.Actor, year: int) -> None:
    """Remove an entered year; the shipped year of that number, if any, applies again."""
    _require_sysadmin(actor)
    row = CalendarYear.objects.select_for_update().filter(year=year).first()
    if row is None:
        if year in shipped_years():
            raise ValidationError(
                f"{year} 年的安排随软件发布，不能删除；如需更正，请录入新的安排替换它"
            )
        raise ValidationError(f"没有录入过 {year} 年的安排")
    before, pk = row.schedule, row.pk
    row.delete()
    audit.record(
        actor=actor,
        action="calendar.year_deleted",
        object_type=CalendarYear._meta.label_lower,
        object_id=str(pk),
        changes={"year": year, "falls_back_to_shipped": year in shipped_years(), "before": before},
    )
