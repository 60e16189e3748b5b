from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai_web import clock
from gongkai_web.operations import backup


class Command(BaseCommand):
    help = "把数据库和全部存储文件连同哈希清单写入一个备份压缩包。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dir", default=None, help="备份目录（默认为 GONGKAI_BACKUP_DIR）")
        parser.add_argument(
            "--keep", type=int, default=None, help="只保留最新的 N 个备份（默认不删除旧备份）"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        target = Path(options["dir"] or settings.GONGKAI_BACKUP_DIR)
        archive, missing = backup.write_backup_report(target_dir=target, now=clock.now())
        self.stdout.write(f"备份已写入 {archive}")
        for name in missing:
            self.stderr.write(f"警告：存储文件 {name} 缺失或已损坏，未能备份（已记入清单）")
        if options["keep"] is not None:
            for old in backup.prune(target_dir=target, keep=options["keep"]):
                self.stdout.write(f"已删除旧备份 {old.name}")
