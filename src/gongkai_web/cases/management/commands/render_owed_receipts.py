from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web import clock
from gongkai_web.cases import services


class Command(BaseCommand):
    help = (
        "生成所有应有而尚未生成的申请接收回执（任务队列不可用、进程被终止时遗留的）；"
        "任务进程每分钟自动执行一次"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--older-than",
            type=int,
            default=60,
            help="只处理提交已超过这么多秒的申请（默认 60，给队列中的任务先运行的机会）",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        before = clock.now() - dt.timedelta(seconds=options["older_than"])
        rendered = 0
        waiting: dict[str, str] = {}
        while True:
            sweep = services.render_owed_receipts(submitted_before=before)
            rendered += len(sweep.rendered)
            waiting |= sweep.waiting
            if sweep.failed:
                lines = "\n".join(f"{t}：{e}" for t, e in sweep.failed.items())
                raise CommandError(f"已生成 {rendered} 份回执，以下申请的回执生成失败：\n{lines}")
            if not sweep.rendered:
                break
        self.stdout.write(f"已生成 {rendered} 份申请接收回执")
        if waiting:
            reason = next(iter(waiting.values()))
            self.stdout.write(f"{len(waiting)} 份回执因答复期限无法计算而暂缓生成：{reason}")
