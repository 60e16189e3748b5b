"""The kit's timers run each periodic job through `run_job`, the same function the worker's
scheduler would call; a failed job is recorded for the system administrator."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from pytest_django.fixtures import Settings as SettingsWrapper

from gongkai_web.operations import backup
from gongkai_web.operations.models import TaskFailure
from gongkai_web.organizations import demo

JOBS = {"daily_backup", "daily_patrol", "daily_reminders", "weekly_sweep"}


def run(*args: str) -> str:
    out = StringIO()
    call_command("run_job", *args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_it_lists_every_periodic_job() -> None:
    assert set(run().split()) >= JOBS


@pytest.mark.django_db
def test_it_runs_the_daily_backup_into_the_backup_directory(
    settings: SettingsWrapper, tmp_path: Path
) -> None:
    settings.GONGKAI_BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"
    demo.load()
    out = run("daily_backup")
    archives = list((tmp_path / "backups").glob(backup.ARCHIVE_GLOB))
    assert len(archives) == 1
    assert f"定时任务 daily_backup 已完成：{archives[0].name}" in out
    _manifest, members = backup.read_archive(archives[0])
    assert backup.DB_MEMBER in members


@pytest.mark.django_db
def test_it_records_a_failed_job_and_exits_with_an_error(
    monkeypatch: pytest.MonkeyPatch, settings: SettingsWrapper, tmp_path: Path
) -> None:
    settings.GONGKAI_BACKUP_DIR = tmp_path / "backups"

    def broken(**kwargs: object) -> None:
        raise OSError("磁盘已满")

    monkeypatch.setattr(backup, "write_backup_report", broken)
    with pytest.raises(CommandError, match="定时任务 daily_backup 失败：OSError: 磁盘已满"):
        run("daily_backup")
    failure = TaskFailure.objects.get()
    assert failure.task_name == "daily_backup"
    assert failure.error == "OSError: 磁盘已满"
    assert failure.retries_left == 0


@pytest.mark.django_db
def test_it_names_the_known_jobs_when_given_an_unknown_one() -> None:
    with pytest.raises(
        CommandError, match=r"没有名为“backup”的定时任务；可执行的有：.*daily_backup"
    ):
        run("backup")
