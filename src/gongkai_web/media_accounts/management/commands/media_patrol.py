"""Run the daily patrol (or, with --weekly, the sweep) now, as the periodic task would."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai_web import clock
from gongkai_web.audit.services import SYSTEM
from gongkai_web.media_accounts import inspection, tasks
from gongkai_web.organizations.models import Agency


class Command(BaseCommand):
    help = "执行政务新媒体每日巡查（--weekly 为每周排查）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--agency", help="机关全称；省略时巡查每个账号矩阵")
        parser.add_argument("--on", help="巡查日期 YYYY-MM-DD，默认今天")
        parser.add_argument("--weekly", action="store_true", help="每周排查")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            on = dt.date.fromisoformat(options["on"]) if options["on"] else clock.today()
        except ValueError:
            raise CommandError(f"日期“{options['on']}”无效，请写成 2025-03-25") from None
        if options["agency"]:
            agency = Agency.objects.filter(name=options["agency"]).first()
            if agency is None:
                raise CommandError(f"找不到机关“{options['agency']}”，请写全称")
            agencies = [agency]
        else:
            agencies = tasks.matrix_roots()
        run = inspection.run_sweep if options["weekly"] else inspection.run_patrol
        for agency in agencies:
            done = run(actor=SYSTEM, agency=agency, on=on)
            self.stdout.write(
                f"{agency.name} {done.get_kind_display()} {on}：检查 {done.checked} 个账号，"
                f"预警 {done.warned}，不合格 {done.failed}，僵尸 {done.zombies}，"
                f"新发现问题 {done.problems} 个"
            )
