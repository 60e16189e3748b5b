"""Enter a year of the working-day calendar from the command line, as the web page does.

The server's operator runs it, so no account is needed; the audit log records the role
`command_line`. ``--dry-run`` shows what would be entered and saves nothing.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.workdays import CalendarDataError
from gongkai_web.audit.services import Actor
from gongkai_web.operations import calendar_years, services
from gongkai_web.operations.models import EntryMethod


class Command(BaseCommand):
    help = "录入（或替换）某一年的节假日安排：国务院办公厅通知的全文，或 YYYY.json 格式的数据文件。"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--year", type=int, help="通知所安排的年份，如 2027（用 --notice 时必填）"
        )
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("--notice", type=Path, help="通知全文的文本文件（UTF-8）")
        source.add_argument("--data", type=Path, help="数据文件，格式同 workdays/data/YYYY.json")
        parser.add_argument("--source", default="", help="文号或来源；不填时取通知中的文号")
        parser.add_argument("--dry-run", action="store_true", help="只显示读到的安排，不保存")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["notice"] or options["data"]
        method = EntryMethod.NOTICE if options["notice"] else EntryMethod.DATA_FILE
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"无法读取文件 {path}：{exc}") from None
        try:
            entry = calendar_years.read_entry(
                method=method, year=options["year"], text=text, source=options["source"]
            )
        except CalendarDataError as exc:
            raise CommandError(exc.message) from None
        self._describe(entry)
        if options["dry_run"]:
            self.stdout.write("（--dry-run：未保存）")
            return
        try:
            row = services.enter_year(
                actor=Actor(user=None, role=services.COMMAND_LINE),
                method=method,
                year=options["year"],
                text=text,
                source=options["source"],
            )
        except ValidationError as exc:
            raise CommandError(exc.messages[0]) from None
        self.stdout.write(f"已录入 {row.year} 年的节假日安排。")

    def _describe(self, entry: calendar_years.Entry) -> None:
        schedule = entry.schedule
        self.stdout.write(
            f"{schedule.year} 年（{schedule.source}）：放假 {len(schedule.holidays)} 天，"
            f"调休上班 {len(schedule.makeup_workdays)} 天"
        )
        for festival in calendar_years.festivals(schedule):
            off = "、".join(
                f"{first:%m-%d}" if first == last else f"{first:%m-%d}至{last:%m-%d}"
                for first, last in festival.ranges
            )
            worked = "、".join(f"{day:%m-%d}" for day in festival.makeup)
            line = f"  {festival.name}：放假 {off or '—'}"
            self.stdout.write(line + (f"；上班 {worked}" if worked else ""))
        for note in entry.notes:
            self.stdout.write(f"  注意：{note.message}")
