"""``gongkai clock due``: the statutory due dates of an application, explained step by step."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import Any

from gongkai.workdays import Calendar, CalendarDataError, UnknownYearError, YearSchedule, explain
from gongkai.workdays.clock import CaseClock

EXIT_OK, EXIT_BAD_INPUT = 0, 2

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def iso_date(text: str) -> dt.date:
    """argparse type: a calendar date written YYYY-MM-DD, refused in Chinese otherwise."""
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError(text)
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期 {text!r} 无法识别，请写成 YYYY-MM-DD 形式的有效日期，如 2024-02-01"
        ) from None


def register(groups: Any) -> None:
    clock = groups.add_parser(
        "clock", help="依申请公开的法定期限（工作日）", description="法定期限"
    )
    commands = clock.add_subparsers(dest="command", metavar="子命令", required=True)
    due = commands.add_parser(
        "due",
        help="计算答复期限、延期后的答复期限和补正告知期限",
        description=(
            "按工作日计算期限（收到之日不计入）：答复期限为收到后第 20 个工作日，延期后为第 40 个，"
            "补正告知期限为第 7 个；给出 --corrected 时答复期限自收到补正申请之日重新计算。"
            "退出码：0 成功，2 输入有误或日历中没有所需年份。"
        ),
    )
    due.add_argument(
        "--received",
        required=True,
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="收到申请的日期（《条例》第三十一条）",
    )
    due.add_argument(
        "--corrected",
        type=iso_date,
        metavar="YYYY-MM-DD",
        help="收到补正后申请的日期（《条例》第三十条）",
    )
    due.add_argument(
        "--calendar-year",
        action="append",
        default=[],
        metavar="YYYY.json",
        help="补充或替换某一年的节假日安排（可重复），格式同 workdays/data/YYYY.json",
    )
    due.add_argument("--json", action="store_true", help="以 JSON 输出")
    due.set_defaults(handler=run_due)


def run_due(args: argparse.Namespace) -> int:
    try:
        calendar = _calendar(args.calendar_year)
        clock = CaseClock(received=args.received, corrected=args.corrected)
        deadlines = clock.deadlines(calendar)
        sentences = _explanation(calendar, clock)
    except UnknownYearError as exc:
        return _fail(args, exc.message, year=exc.year)
    except (CalendarDataError, ValueError) as exc:
        return _fail(args, getattr(exc, "message", str(exc)))
    result = {
        "due": _iso(deadlines.due),
        "extended_due": _iso(deadlines.extended_due),
        "correction_notice_due": deadlines.correction_notice_due.isoformat(),
        "explanation": sentences,
    }
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
        return EXIT_OK
    print(f"答复期限：{result['due']}")
    print(f"延期后的答复期限：{result['extended_due']}")
    print(f"补正告知期限：{result['correction_notice_due']}")
    print("\n计算过程：")
    for line in sentences:
        print(f"  {line}")
    return EXIT_OK


def _explanation(calendar: Calendar, clock: CaseClock) -> list[str]:
    periods = clock.periods
    marks = {periods.reply: "答复期限", periods.extended_reply: "延期后的答复期限"}
    if clock.corrected is None:
        marks[periods.correction_notice] = "补正告知期限"
        return explain(
            calendar, clock.received, periods.extended_reply, milestones=marks
        ).sentences()
    notice = explain(
        calendar,
        clock.received,
        periods.correction_notice,
        milestones={periods.correction_notice: "补正告知期限"},
    )
    reply = explain(
        calendar,
        clock.corrected,
        periods.extended_reply,
        event="收到补正后的申请，答复期限重新计算",
        milestones=marks,
    )
    return [*notice.sentences(), *reply.sentences()]


def _calendar(files: list[str]) -> Calendar:
    if not files:
        return Calendar.shipped()
    extra: dict[int, YearSchedule] = {}
    for name in files:
        try:
            data = json.loads(Path(name).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CalendarDataError(f"无法读取节假日安排文件 {name}：{exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CalendarDataError(f"节假日安排文件 {name} 不是有效的 JSON：{exc.msg}") from exc
        if not isinstance(data, dict):
            raise CalendarDataError(f"节假日安排文件 {name} 应是一个 JSON 对象")
        schedule = YearSchedule.from_dict(data)
        extra[schedule.year] = schedule
    return Calendar.from_years(extra)


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _fail(args: argparse.Namespace, message: str, *, year: int | None = None) -> int:
    if args.json:
        error: dict[str, object] = {"message": message}
        if year is not None:
            error["year"] = year
        print(json.dumps({"error": error}, ensure_ascii=False))
    print(message, file=sys.stderr)
    return EXIT_BAD_INPUT
