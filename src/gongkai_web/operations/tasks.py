"""Background jobs and the record of their failures.

Every task module registers with the one huey instance (SQLite file by default, Redis when
REDIS_URL is set). A failure, retried or final, is written to TaskFailure so the system
administrator sees it on the 后台任务 page.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path
from typing import Any

from django.conf import settings
from huey import crontab, signals
from huey.contrib.djhuey import HUEY, db_periodic_task

from gongkai_web import clock
from gongkai_web.audit.services import SYSTEM
from gongkai_web.operations import backup, orphans
from gongkai_web.operations.models import TaskFailure

log = logging.getLogger(__name__)


@HUEY.signal(signals.SIGNAL_ERROR)
def remember_failure(signal: str, task: Any, exc: BaseException | None = None) -> None:
    try:
        TaskFailure.objects.create(
            task_name=task.name,
            task_id=str(task.id),
            arguments=repr((task.args, task.kwargs))[:2000],
            error=f"{type(exc).__name__}: {exc}"[:4000] if exc else "",
            retries_left=max(0, int(task.retries or 0)),
            at=clock.now(),
        )
    except Exception:  # the record of a failure must never mask the failure itself
        log.exception("could not record the failure of task %s", task.id)


def backup_dir() -> Path:
    return Path(settings.GONGKAI_BACKUP_DIR)


@db_periodic_task(
    crontab(hour=str(settings.GONGKAI_BACKUP_HOUR), minute="30"), retries=2, retry_delay=600
)
def daily_backup() -> str:
    archive, missing = backup.write_backup_report(target_dir=backup_dir(), now=clock.now())
    removed = backup.prune(target_dir=backup_dir(), keep=settings.GONGKAI_BACKUP_KEEP)
    log.info("backup %s written; %d old archives removed", archive.name, len(removed))
    if missing:
        # Written all the same, so not raised (a retry would only write it again): the
        # system administrator sees it on the task page like any failure.
        problem = backup.FilesMissing(archive, missing)
        TaskFailure.objects.create(
            task_name="daily_backup",
            task_id="",
            arguments="",
            error=f"FilesMissing: {problem}"[:4000],
            retries_left=0,
            at=clock.now(),
        )
    return archive.name


@db_periodic_task(crontab(minute="17"))
def remove_orphan_files() -> str:
    grace = dt.timedelta(hours=settings.GONGKAI_ORPHAN_FILE_GRACE_HOURS)
    removed = orphans.remove_orphans(actor=SYSTEM, written_before=clock.now() - grace)
    return f"{len(removed)} orphan files removed"
