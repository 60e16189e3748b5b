"""``gongkai report parse FILE... [--json] [--out DIR]``: read published reports."""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path
from typing import IO, Any

from gongkai.parse.batch import FindingsCsv, Summary, iter_items, parse_item
from gongkai.parse.reader import MB, Options, ParseResult
from gongkai.report.rules import Severity

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE = 0, 1, 2
_UNSAFE: re.Pattern[str] = re.compile(r"[^\w.\-]+")


def register_parse(commands: Any) -> None:
    cmd = commands.add_parser(
        "parse",
        help="读取已发布的年度报告（文本、网页、Word、PDF）",
        description=(
            "读取已发布的年度报告，输出规范 JSON 和发现的问题。"
            "FILE 可以是文件、文件夹或 zip 压缩包。"
            "退出码：0 全部读取且无错误，1 有错误，2 有文件无法读取。"
        ),
    )
    cmd.add_argument("files", nargs="+", metavar="FILE")
    cmd.add_argument("--json", action="store_true", help="每个文件输出一行 JSON")
    cmd.add_argument("--out", metavar="DIR", help="每个文件写一个 .json，另写 findings.csv")
    cmd.add_argument(
        "--max-mb", type=float, default=50, metavar="MB", help="单个文件的大小上限（默认 50 MB）"
    )
    cmd.set_defaults(handler=run_parse)


def run_parse(args: argparse.Namespace) -> int:
    options = Options(max_bytes=int(args.max_mb * MB))
    out_dir = Path(args.out) if args.out else None
    csv_stream: IO[str] | None = None
    writer = None
    if out_dir is not None:
        out_dir.mkdir(parents=True, exist_ok=True)
        csv_stream = (out_dir / "findings.csv").open("w", encoding="utf-8-sig", newline="")
        writer = FindingsCsv(csv_stream)
    summary = Summary()
    progress = _Progress(sys.stderr)
    used: set[str] = set()
    try:
        for item in iter_items(args.files, options):
            result = parse_item(item, options)
            summary.add(result)
            progress.tick(summary.files)
            if writer is not None and out_dir is not None:
                writer.add(result)
                name = _unique(_UNSAFE.sub("_", Path(result.file).name) or "report", used)
                (out_dir / f"{name}.json").write_text(
                    json.dumps(result.as_dict(), ensure_ascii=False, indent=2) + "\n",
                    encoding="utf-8",
                )
            if args.json:
                print(json.dumps(result.as_dict(), ensure_ascii=False), flush=False)
            elif out_dir is None:
                print(_describe(result))
    finally:
        progress.done()
        if csv_stream is not None:
            csv_stream.close()
    print(summary.line(), file=sys.stderr)
    if summary.unreadable:
        return EXIT_UNREADABLE
    return EXIT_ERRORS if summary.with_errors else EXIT_OK


def _unique(name: str, used: set[str]) -> str:
    candidate, n = name, 1
    while candidate in used:
        n += 1
        candidate = f"{name}-{n}"
    used.add(candidate)
    return candidate


def _describe(result: ParseResult) -> str:
    errors = sum(1 for f in result.findings if f.severity is Severity.ERROR)
    warnings = len(result.findings) - errors
    head = f"{result.file}：格式 {result.format}"
    if result.report is not None:
        head += f"，{result.report.agency} {result.report.year} 年度"
    lines = [f"{head}，{errors} 个错误，{warnings} 个警告。"]
    for f in result.findings:
        if f.rule == "PARSE-NULL":
            continue
        label = "错误" if f.severity is Severity.ERROR else "警告"
        lines.append(f"  {label}  {f.rule:<19} {f.where:<28} {f.message}")
    nulls = sum(len(f.cells) or 1 for f in result.findings if f.rule == "PARSE-NULL")
    if nulls:
        lines.append(f"  另有 {nulls} 格未能读出数字（记为 null），详见 --json 或 --out 输出。")
    return "\n".join(lines)


class _Progress:
    """A bar when stderr is a terminal; otherwise a counter line every 100 files."""

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream
        self._tty = stream.isatty()
        self._shown = False

    def tick(self, count: int) -> None:
        if self._tty:
            bar = "#" * min(count // 10 % 41, 40)
            self._stream.write(f"\r已处理 {count} 个文件 [{bar:<40}]")
            self._stream.flush()
            self._shown = True
        elif count % 100 == 0:
            self._stream.write(f"已处理 {count} 个文件\n")

    def done(self) -> None:
        if self._shown:
            self._stream.write("\n")
