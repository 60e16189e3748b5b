"""An application's upload written to disk by a submission that never committed (a rollback,
a worker killed before the commit) is removed by the sweep once its grace period is over."""

from __future__ import annotations

import datetime as dt
import io
import os
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from PIL import Image

from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services
from gongkai_web.cases.models import Attachment
from gongkai_web.cases.tests.conftest import CALENDAR, person
from gongkai_web.operations import orphans
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations.tests.cast import Cast

pytestmark = pytest.mark.django_db

PUBLIC = Actor(None, "public", None, "127.0.0.1")


class Crash(Exception):
    pass


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def scan() -> services.Upload:
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(out, format="PNG")
    return services.Upload("id_scan", "身份证.png", out.getvalue())


def submit_with_scan(cast: Cast) -> None:
    services.receive(
        actor=PUBLIC,
        agency=cast.agency("新华区教育局"),
        applicant=person(),
        channel="online",
        received_on=dt.date(2025, 3, 3),
        today=dt.date(2025, 3, 3),
        calendar=CALENDAR,
        uploads=[scan()],
    )


def on_disk(media: Path) -> set[str]:
    return {f"files/{p.name}" for p in (media / "files").iterdir()}


def age(media: Path, name: str, hours: float) -> None:
    then = (timezone.now() - dt.timedelta(hours=hours)).timestamp()
    os.utime(media / name, (then, then))


def test_it_removes_the_upload_of_a_submission_that_never_committed(
    cast: Cast, media: Path
) -> None:
    submit_with_scan(cast)  # committed (in the test's transaction): its file is kept
    kept = Attachment.objects.get().file.storage_name
    with pytest.raises(Crash), transaction.atomic():
        submit_with_scan(cast)
        raise Crash  # what a kill between the file's write and the commit amounts to
    assert Attachment.objects.count() == 1
    (orphan,) = on_disk(media) - {kept}
    for name in on_disk(media):
        age(media, name, 25)

    removed = orphans.remove_orphans(
        actor=PUBLIC, written_before=timezone.now() - dt.timedelta(hours=24)
    )
    assert removed == [orphan]
    assert on_disk(media) == {kept}
    entry = AuditEntry.objects.get(action="file.orphans_removed")
    assert entry.changes["files"] == [orphan]


def test_it_keeps_a_file_younger_than_its_grace_period(cast: Cast, media: Path) -> None:
    with pytest.raises(Crash), transaction.atomic():
        submit_with_scan(cast)
        raise Crash
    (young,) = on_disk(media)
    age(media, young, 1)  # perhaps a transaction still open: not touched
    assert (
        orphans.remove_orphans(actor=PUBLIC, written_before=timezone.now() - dt.timedelta(hours=24))
        == []
    )
    assert on_disk(media) == {young}
    assert not AuditEntry.objects.filter(action="file.orphans_removed").exists()


def test_it_removes_orphans_from_the_command_after_the_configured_grace(
    cast: Cast, media: Path, settings, capsys: pytest.CaptureFixture[str]
) -> None:
    settings.GONGKAI_ORPHAN_FILE_GRACE_HOURS = 2
    with pytest.raises(Crash), transaction.atomic():
        submit_with_scan(cast)
        raise Crash
    (orphan,) = on_disk(media)
    age(media, orphan, 3)
    call_command("remove_orphan_files", "--dry-run")
    assert orphan in capsys.readouterr().out and on_disk(media) == {orphan}
    call_command("remove_orphan_files")
    assert "已删除 1 个" in capsys.readouterr().out
    assert not on_disk(media) and not StoredFile.objects.exists()
