from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from gongkai_web import clock
from gongkai_web.audit.services import SYSTEM
from gongkai_web.operations import orphans


class Command(BaseCommand):
    help = (
        "删除存储中没有数据库记录的文件（进程中断或事务回滚遗留的）；"
        "只删除写入时间早于宽限期的文件，任务进程每小时自动执行一次"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--grace-hours",
            type=float,
            default=None,
            help="宽限期（小时），默认取设置 GONGKAI_ORPHAN_FILE_GRACE_HOURS（24）；"
            "0 只应在没有进程写入时使用",
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        hours = options["grace_hours"]
        if hours is None:
            hours = settings.GONGKAI_ORPHAN_FILE_GRACE_HOURS
        before = clock.now() - dt.timedelta(hours=hours)
        if options["dry_run"]:
            found = orphans.find_orphans(written_before=before)
            self.stdout.write("\n".join([*found, f"共 {len(found)} 个无记录的文件（未删除）"]))
            return
        removed = orphans.remove_orphans(actor=SYSTEM, written_before=before)
        self.stdout.write(f"已删除 {len(removed)} 个没有数据库记录的文件")
