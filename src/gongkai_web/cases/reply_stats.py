"""How soon an agency replies: the working days from receipt to reply of the applications it
replied to in the last 12 months, read from the columns table 三 counts (closed_on and
outcome_row) and counted by the statutory clock (补正 restarts it, consultations stop it)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.cache import cache

from gongkai.cases.reply_times import (
    NOT_REPLIES,
    ReplyTimes,
    days_to_reply,
    summarise,
    window,
)
from gongkai.workdays import Calendar, ClockError, UnknownYearError
from gongkai_web.cases.clock import case_clock
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency

log = logging.getLogger(__name__)

CACHE_SECONDS = 3600


def minimum() -> int:
    """GONGKAI_REPLY_TIMES_MIN: below this many replies the form says there are too few."""
    return int(settings.GONGKAI_REPLY_TIMES_MIN)


def reply_days(agency: Agency, today: dt.date, calendar: Calendar) -> list[int]:
    first, last = window(today)
    replied = (
        Application.objects.filter(agency=agency, closed_on__gte=first, closed_on__lte=last)
        .exclude(outcome_row="")
        .exclude(outcome_row__in=sorted(NOT_REPLIES))
        .prefetch_related("consultations")
    )
    days = []
    for application in replied:
        assert application.closed_on is not None  # filtered on it
        try:
            days.append(days_to_reply(case_clock(application), application.closed_on, calendar))
        except (UnknownYearError, ClockError):
            continue  # a year the calendar lacks, or a record the clock refuses: not counted
    return days


def reply_times(agency: Agency, today: dt.date, calendar: Calendar) -> ReplyTimes:
    """Cached for an hour per agency and day: the public form shows it on every load."""
    key = f"gongkai-reply-times:{agency.pk}:{today.isoformat()}:{minimum()}"
    try:
        found = cache.get(key)
    except Exception as error:  # the cache down must not stop the public form (cases.ratelimit)
        log.warning("cache unreachable (%s): reply times computed without it", error)
        return summarise(reply_days(agency, today, calendar), minimum())
    if isinstance(found, ReplyTimes):
        return found
    result = summarise(reply_days(agency, today, calendar), minimum())
    try:
        cache.set(key, result, CACHE_SECONDS)
    except Exception as error:
        log.warning("cache unreachable (%s): reply times not kept", error)
    return result
