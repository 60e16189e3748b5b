"""A backup restored into an empty database gives back every record and every file."""

from __future__ import annotations

import datetime as dt
import io
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from gongkai_web.audit.selectors import verify_chain
from gongkai_web.audit.services import SYSTEM
from gongkai_web.operations import backup, files
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations import demo

NOW = dt.datetime(2025, 3, 1, 2, 30, tzinfo=dt.UTC)
SKIPPED = {
    "contenttypes.contenttype",
    "auth.permission",
    "sessions.session",
    "accounts.loginfailure",
}


@pytest.fixture
def media(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def everything() -> dict[str, list[dict[str, Any]]]:
    # values() decrypts encrypted fields, so plaintext is compared, not fresh ciphertext.
    out = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label not in SKIPPED:
            out[label] = list(model._default_manager.order_by("pk").values())
    return out


def populate() -> list[StoredFile]:
    demo.load()
    return [
        files.store_file(actor=SYSTEM, name="申请书.pdf", data=b"%PDF-1.7 " + bytes(range(256))),
        files.store_file(actor=SYSTEM, name="答复书.docx", data="答复内容".encode() * 1000),
    ]


@pytest.mark.django_db(transaction=True)
def test_it_restores_every_record_and_file_into_an_empty_database(
    media: Path, tmp_path: Path
) -> None:
    stored = populate()
    before = everything()
    contents = {s.storage_name: files.read_file(s) for s in stored}
    archive = backup.write_backup(target_dir=tmp_path / "backups", now=NOW)

    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    assert backup.database_is_empty()

    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)
    assert "已从 gongkai-backup-20250301-023000.tar.gz 恢复" in out.getvalue()
    assert everything() == before
    for s in StoredFile.objects.all():
        assert files.read_file(s) == contents[s.storage_name]
    assert verify_chain().intact
    # The restored database takes new writes (PostgreSQL's sequences follow the loaded keys).
    files.store_file(actor=SYSTEM, name="新文件.txt", data=b"after restore")
    assert verify_chain().intact
    anchored = io.StringIO()
    call_command("verify_audit_chain", "--backup", str(archive), stdout=anchored)
    assert "并与 1 个库外锚点一致" in anchored.getvalue()


@pytest.mark.django_db(transaction=True)
def test_it_keeps_personal_information_encrypted_in_the_archive(
    media: Path, tmp_path: Path
) -> None:
    populate()
    archive = backup.write_backup(target_dir=tmp_path / "backups", now=NOW)
    with tarfile.open(archive) as tar:
        handle = tar.extractfile(backup.DB_MEMBER)
        assert handle is not None
        dump = handle.read().decode()
    assert "410402199003074569" not in dump
    assert "SM4GCM$1$" in dump


def damage(archive: Path, member: str) -> Path:
    damaged = archive.with_name("damaged.tar.gz")
    with tarfile.open(archive) as src, tarfile.open(damaged, "w:gz") as dst:
        for info in src:
            handle = src.extractfile(info)
            assert handle is not None
            data = handle.read()
            if info.name == member:
                data = data[:-1] + bytes([data[-1] ^ 1])
            info.size = len(data)
            dst.addfile(info, io.BytesIO(data))
    return damaged


@pytest.mark.django_db(transaction=True)
def test_it_refuses_a_damaged_archive_before_touching_anything(media: Path, tmp_path: Path) -> None:
    stored = populate()
    archive = backup.write_backup(target_dir=tmp_path / "backups", now=NOW)
    broken = damage(archive, f"files/{stored[0].storage_name}")
    call_command("flush", interactive=False, verbosity=0)

    with pytest.raises(CommandError) as caught:
        call_command("restore", str(broken))
    assert f"文件 files/{stored[0].storage_name} 已损坏" in str(caught.value)
    assert "未做任何恢复" in str(caught.value)
    assert backup.database_is_empty()


@pytest.mark.django_db(transaction=True)
def test_it_refuses_to_restore_over_existing_data(media: Path, tmp_path: Path) -> None:
    populate()
    archive = backup.write_backup(target_dir=tmp_path / "backups", now=NOW)
    with pytest.raises(CommandError, match="目标数据库已有数据"):
        call_command("restore", str(archive))


@pytest.mark.django_db(transaction=True)
def test_the_daily_job_writes_an_archive_and_keeps_the_newest(
    media: Path, tmp_path: Path, settings: SettingsWrapper
) -> None:
    from gongkai_web.operations.tasks import daily_backup

    settings.GONGKAI_BACKUP_DIR = tmp_path / "daily"
    settings.GONGKAI_BACKUP_KEEP = 2
    settings.GONGKAI_BACKUP_DIR.mkdir()
    for day in ("20240101", "20240102"):
        (settings.GONGKAI_BACKUP_DIR / f"gongkai-backup-{day}-023000.tar.gz").write_bytes(b"old")
    populate()

    daily_backup.call_local()

    kept = sorted(p.name for p in settings.GONGKAI_BACKUP_DIR.iterdir())
    assert len(kept) == 2
    assert kept[0] == "gongkai-backup-20240102-023000.tar.gz"
    backup.read_archive(settings.GONGKAI_BACKUP_DIR / kept[1])  # a whole, checkable archive


@pytest.mark.django_db(transaction=True)
def test_a_missing_stored_file_does_not_stop_the_backup(
    media: Path, tmp_path: Path, settings: SettingsWrapper
) -> None:
    from gongkai_web.operations.models import TaskFailure
    from gongkai_web.operations.tasks import daily_backup

    lost, kept = populate()
    (media / lost.storage_name).unlink()
    settings.GONGKAI_BACKUP_DIR = tmp_path / "daily"
    daily_backup.call_local()
    (archive,) = settings.GONGKAI_BACKUP_DIR.iterdir()
    manifest, members = backup.read_archive(archive)
    assert "files/" + kept.storage_name in members
    assert "files/" + lost.storage_name not in members
    assert manifest.meta["missing_files"] == f'["{lost.storage_name}"]'
    failure = TaskFailure.objects.get(task_name="daily_backup")
    assert lost.storage_name in failure.error and "未能备份" in failure.error
    # Restored, the lost file is still named as lost, and everything else comes back.
    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    result = backup.restore_backup(archive)
    assert result.files == 1
    assert StoredFile.objects.filter(storage_name=lost.storage_name).exists()
