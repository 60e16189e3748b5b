"""``gongkai report check`` and ``gongkai report render``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from gongkai.cli.fetch import register_fetch
from gongkai.cli.parse import register_parse
from gongkai.report.canonical import ReportShapeError, load
from gongkai.report.render import RenderError, renderers
from gongkai.report.rules import Finding, Severity, check, has_errors

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2


def register(groups: Any) -> None:
    report = groups.add_parser("report", help="年度报告：检查、生成", description="年度报告")
    commands = report.add_subparsers(dest="command", metavar="子命令", required=True)

    chk = commands.add_parser(
        "check",
        help="按勾稽关系规则检查报告 JSON",
        description="检查年度报告 JSON。退出码：0 无错误，1 有错误，2 文件无法读取。",
    )
    chk.add_argument("file", metavar="FILE.json")
    chk.add_argument("--previous", metavar="LAST_YEAR.json", help="上一年度报告，用于跨年度核对")
    chk.add_argument("--json", action="store_true", help="以 JSON 输出检查结果")
    chk.set_defaults(handler=run_check)

    ren = commands.add_parser("render", help="把报告 JSON 生成为文档", description="生成文档")
    ren.add_argument("file", metavar="FILE.json")
    ren.add_argument("--to", required=True, choices=sorted(renderers()), help="输出格式")
    ren.add_argument(
        "-o", "--output", required=True, metavar="OUT", help="输出文件（- 为标准输出）"
    )
    ren.set_defaults(handler=run_render)

    register_parse(commands)
    register_fetch(commands)


def run_check(args: argparse.Namespace) -> int:
    try:
        report = load(args.file)
        previous = load(args.previous) if args.previous else None
    except ReportShapeError as exc:
        return _unreadable(args, exc)
    findings = check(report, previous)
    if args.json:
        print(json.dumps({"findings": [f.as_dict() for f in findings]}, ensure_ascii=False))
    else:
        print(format_findings(findings, f"{report.agency} {report.year} 年度报告"))
    return EXIT_ERRORS if has_errors(findings) else EXIT_OK


def _unreadable(args: argparse.Namespace, exc: ReportShapeError) -> int:
    if getattr(args, "json", False):
        error = {"path": exc.path, "message": exc.message}
        print(json.dumps({"error": error, "findings": []}, ensure_ascii=False))
    else:
        where = f"（位置：{exc.path}）" if exc.path else ""
        print(f"无法读取报告：{exc.message}{where}", file=sys.stderr)
    return EXIT_UNREADABLE


def format_findings(findings: list[Finding], subject: str) -> str:
    if not findings:
        return f"{subject}：全部规则通过，未发现问题。"
    errors = sum(1 for f in findings if f.severity is Severity.ERROR)
    lines = [f"{subject}：{errors} 个错误，{len(findings) - errors} 个警告。", ""]
    width = max(len(f.where) for f in findings)
    for f in findings:
        label = "错误" if f.severity is Severity.ERROR else "警告"
        lines.append(f"{label}  {f.rule:<15} {f.where:<{width}}  {f.message}")
    return "\n".join(lines)


def run_render(args: argparse.Namespace) -> int:
    try:
        report = load(args.file)
    except ReportShapeError as exc:
        return _unreadable(args, exc)
    try:
        data = renderers()[args.to](report)
    except RenderError as exc:
        print(exc.message, file=sys.stderr)
        return EXIT_UNREADABLE
    if args.output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(args.output).write_bytes(data)
    return EXIT_OK
