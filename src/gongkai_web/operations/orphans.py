"""Removing stored files that no database row names: what a crash or a rollback left behind.

``files.store_file`` writes a file before the row that names it, inside the caller's
transaction; when that transaction rolls back, or the process is killed between the write and
the commit, the file stays on disk with no row. Such a file is never read (every read goes
through its StoredFile row), and it would be carried into every backup. The sweep removes
those written more than a grace period ago (GONGKAI_ORPHAN_FILE_GRACE_HOURS, 24 by default):
a file that young may belong to a transaction still open. Run hourly by the task worker and
by ``manage.py remove_orphan_files``; each removal is one audit entry naming the files.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator

from django.core.files.storage import default_storage
from django.db import transaction

from gongkai_web.audit import services as audit
from gongkai_web.operations.models import StoredFile

log = logging.getLogger(__name__)

FOLDER = "files"  # where store_file writes
BATCH = 1000


def _stored_names() -> Iterator[list[str]]:
    if not default_storage.exists(FOLDER):
        return
    _, names = default_storage.listdir(FOLDER)
    for start in range(0, len(names), BATCH):
        yield [f"{FOLDER}/{name}" for name in names[start : start + BATCH]]


def find_orphans(*, written_before: dt.datetime) -> list[str]:
    """Storage names of the files with no StoredFile row, written before the given time."""
    found: list[str] = []
    for batch in _stored_names():
        known = set(
            StoredFile.objects.filter(storage_name__in=batch).values_list("storage_name", flat=True)
        )
        found.extend(
            name
            for name in batch
            if name not in known and default_storage.get_modified_time(name) < written_before
        )
    return found


def remove_orphans(*, actor: audit.Actor, written_before: dt.datetime) -> list[str]:
    orphans = find_orphans(written_before=written_before)
    for name in orphans:
        default_storage.delete(name)
    if orphans:
        log.info("removed %d stored files that no row names", len(orphans))
        with transaction.atomic():
            audit.record(
                actor=actor,
                action="file.orphans_removed",
                object_id=FOLDER,
                changes={"count": len(orphans), "files": orphans[:200]},
            )
    return orphans
