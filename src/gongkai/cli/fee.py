"""``gongkai fee per-application|per-page``: 信息处理费 under 国办函〔2020〕109号."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from typing import Any

from gongkai.fees import Fee, FeeError, per_application, per_page

EXIT_OK, EXIT_BAD_INPUT = 0, 2


def count(text: str) -> int:
    """argparse type: a whole number of applications or pages, zero or more."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} 不是整数，请输入 0 或正整数") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"数量不能为负数（收到 {value}），请输入 0 或正整数")
    return value


def register(groups: Any) -> None:
    fee = groups.add_parser(
        "fee", help="信息处理费（国办函〔2020〕109号）", description="信息处理费"
    )
    commands = fee.add_subparsers(dest="command", metavar="子命令", required=True)
    by_count = commands.add_parser(
        "per-application",
        help="按件计收：同一申请人一个自然月内的申请件数",
        description=(
            "按件计收，超额累进：1–10 件免费，11–30 件每件 100 元，"
            "此后每 10 件一档、每档加 100 元。退出码：0 成功，2 输入有误。"
        ),
    )
    by_count.add_argument(
        "--count",
        required=True,
        type=count,
        metavar="N",
        help="该申请人本自然月的申请件数（含本件）",
    )
    by_count.add_argument("--json", action="store_true", help="以 JSON 输出")
    by_count.set_defaults(handler=lambda args: _run(args, per_application, args.count))
    by_page = commands.add_parser(
        "per-page",
        help="按量计收：一件申请提供信息的页数",
        description=(
            "按量计收，超额累进：30 页以内免费，31–100 页每页 10 元，101–200 页每页 20 元，"
            "201 页以上每页 40 元。退出码：0 成功，2 输入有误。"
        ),
    )
    by_page.add_argument("--pages", required=True, type=count, metavar="N", help="页数")
    by_page.add_argument("--json", action="store_true", help="以 JSON 输出")
    by_page.set_defaults(handler=lambda args: _run(args, per_page, args.pages))


def _run(args: argparse.Namespace, compute: Callable[[int], Fee], quantity: int) -> int:
    try:
        fee = compute(quantity)
    except FeeError as exc:
        if args.json:
            print(json.dumps({"error": {"message": exc.message}}, ensure_ascii=False))
        print(exc.message, file=sys.stderr)
        return EXIT_BAD_INPUT
    if args.json:
        payload = {"fee": fee.total, "tiers": [t.as_dict() for t in fee.tiers]}
        print(json.dumps(payload, ensure_ascii=False))
        return EXIT_OK
    unit = fee.method.unit
    print(f"{fee.method.label}：{fee.quantity} {unit}，合计 {fee.total} 元")
    for tier in fee.tiers:
        band = f"第 {tier.first}–{tier.last} {unit}"
        print(f"  {band}：{tier.units} {unit} × {tier.rate} 元 = {tier.amount} 元")
    return EXIT_OK
