"""The daily reminder job, the receipt task and its sweep (huey picks up every app's tasks
module)."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai_web import clock
from gongkai_web.cases import reminders, services, timekeeping
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency

log = logging.getLogger(__name__)


class ReceiptsNotRendered(Exception):
    """Raised after a sweep that left receipts owed, so that the failure is recorded."""


@db_periodic_task(crontab(hour=str(getattr(settings, "GONGKAI_REMINDER_HOUR", 8)), minute="0"))
def daily_reminders() -> str:
    sent = reminders.send_reminders(
        Agency.objects.all(), timekeeping.calendar(), timekeeping.today()
    )
    return "\n".join([sent.summary(), *sent.failures])


@db_task(retries=3, retry_delay=60)
def issue_receipt(pk: int) -> str:
    application = Application.objects.filter(pk=pk).first()
    if application is None:  # the application's transaction was rolled back after all
        return ""
    return services.receipt(application).file.name


@db_task(retries=3, retry_delay=60)
def record_published_matches(pk: int) -> int:
    application = Application.objects.filter(pk=pk).first()
    if application is None:
        return 0
    return services.record_matches(application)


def sweep_receipts(now: dt.datetime) -> services.Sweep:
    after = dt.timedelta(seconds=int(settings.GONGKAI_RECEIPT_SWEEP_AFTER))
    return services.render_owed_receipts(submitted_before=now - after)


@db_periodic_task(crontab(minute="*"))
def render_owed_receipts() -> str:
    sweep = sweep_receipts(clock.now())
    if sweep.waiting:
        log.warning(
            "%d receipts wait for the calendar: %s",
            len(sweep.waiting),
            next(iter(sweep.waiting.values())),
        )
    if sweep.failed:
        raise ReceiptsNotRendered(
            "; ".join(f"{tracking}: {error}" for tracking, error in sweep.failed.items())
        )
    return f"{len(sweep.rendered)} receipts rendered, {len(sweep.waiting)} wait for the calendar"
