from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web.operations import backup


class Command(BaseCommand):
    help = "先核对备份清单中的全部哈希，再把备份恢复到空数据库；备份损坏时拒绝恢复。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("archive", help="备份压缩包 gongkai-backup-….tar.gz")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"找不到备份文件 {archive}")
        try:
            result = backup.restore_backup(archive)
        except (backup.BackupDamaged, backup.TargetNotEmpty) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"已从 {archive.name} 恢复 {result.objects} 条数据、{result.files} 个文件"
            f"（备份时间 {result.manifest.created_at}）"
        )
