"""The daily patrol and the weekly sweep as huey periodic tasks, one run per matrix.

A matrix is rooted at each agency that holds accounts while no agency above it does, so the
bureau's run covers its schools and nothing is patrolled twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from gongkai_web import clock
from gongkai_web.audit.services import SYSTEM
from gongkai_web.media_accounts import inspection
from gongkai_web.media_accounts.models import MediaAccount
from gongkai_web.organizations.models import Agency

PATROL_HOUR = int(getattr(settings, "GONGKAI_MEDIA_PATROL_HOUR", 8))


def matrix_roots() -> list[Agency]:
    owners = list(
        Agency.objects.filter(pk__in=MediaAccount.objects.values("agency_id").distinct()).order_by(
            "path"
        )
    )
    roots: list[Agency] = []
    for agency in owners:
        if not any(agency.path.startswith(root.path) for root in roots):
            roots.append(agency)
    return roots


def patrol_all(on: dt.date) -> list[int]:
    return [inspection.run_patrol(actor=SYSTEM, agency=a, on=on).pk for a in matrix_roots()]


def sweep_all(on: dt.date) -> list[int]:
    return [inspection.run_sweep(actor=SYSTEM, agency=a, on=on).pk for a in matrix_roots()]


@db_periodic_task(crontab(hour=str(PATROL_HOUR), minute="0"), retries=2, retry_delay=300)
def daily_patrol() -> list[int]:
    return patrol_all(clock.today())


@db_periodic_task(crontab(day_of_week="1", hour=str(PATROL_HOUR), minute="30"), retries=2)
def weekly_sweep() -> list[int]:
    # Monday morning: the seven days up to and including Sunday.
    return sweep_all(clock.today() - dt.timedelta(days=1))
