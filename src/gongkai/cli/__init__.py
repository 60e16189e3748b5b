"""The core's command line: ``gongkai report check|render|…``. It needs no database.

Each command group lives in its own module with a ``register(subparsers)`` function; the
JSON output and exit codes of ``report check``, ``report render`` and the others named in
docs/cli.md are a public contract.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence

# Command groups, in the order ``gongkai --help`` lists them.
COMMAND_MODULES = ("gongkai.cli.report", "gongkai.cli.clock", "gongkai.cli.fee")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="gongkai",
        description="gongkai 核心命令行：检查、生成和解析政府信息公开工作年度报告（无需数据库）。",
    )
    groups = parser.add_subparsers(dest="group", metavar="命令", required=True)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(groups)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.handler(args)
    except BrokenPipeError:
        return 0
    return code


if __name__ == "__main__":
    sys.exit(main())
