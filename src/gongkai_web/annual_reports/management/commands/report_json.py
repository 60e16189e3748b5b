from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.report import canonical
from gongkai_web import clock
from gongkai_web.annual_reports import services


class Command(BaseCommand):
    help = (
        "输出某机关某年度的年度报告（标准 JSON，见 report-json.md）：已公开的输出公开版本，"
        "否则按当前记录生成草稿（不保存）。机关或年度没有可输出的内容时以 2 退出。"
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", required=True, metavar="机关全称")
        parser.add_argument("--year", required=True, type=int, metavar="年度")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = services.report_of(
                agency_name=options["agency"].strip(), year=options["year"], as_of=clock.now()
            )
        except services.NothingToReport as exc:
            raise CommandError(str(exc), returncode=2) from None
        self.stdout.write(canonical.dumps(report), ending="")
