"""The daily reminder job (huey picks up every app's tasks module)."""

from __future__ import annotations

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from gongkai_web.cases import reminders, services, timekeeping
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency


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
