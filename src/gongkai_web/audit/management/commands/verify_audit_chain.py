from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from gongkai_web.audit.selectors import verify_chain


class Command(BaseCommand):
    help = (
        "逐条核验审计日志的 SM3 哈希链：完好时退出码 0，"
        "否则指出第一条被改动、插入或缺失的记录并以 1 退出。"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        report = verify_chain()
        if report.first_break is not None:
            found = report.first_break
            raise CommandError(
                f"审计链已被破坏：{found.message}（类型 {found.kind.value}，"
                f"此前 {report.checked} 条完好）"
            )
        self.stdout.write(
            f"审计链完好：共 {report.checked} 条记录，链头 #{report.head_seq} {report.head_hash}"
        )
