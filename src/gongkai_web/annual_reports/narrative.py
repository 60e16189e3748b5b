"""The narrative with fact tokens, prefilled from the records, and its likeness to last year.

A figure the narrative quotes from the records is stored as a token, ``{{media.posts}}`` or a
table cell ``{{table3.new[6]}}``, never as digits: the editor shows it linked to its records,
and the published text has the value of the snapshot in its place, so the prose cannot drift
from the tables or the registers (docs/decisions/annual-report-snapshot.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any, Final

from gongkai.documents import hygiene
from gongkai.report.format2021 import OVERVIEW_PARTS
from gongkai.report.model import Overview, Sections

TOKEN: Final = re.compile(r"\{\{\s*([a-z0-9_]+(?:\.[a-z0-9_]+)*(?:\[\d+\])?)\s*\}\}")

# Narrative parts in the order of the report: key, heading.
PARTS: Final = (
    ("preamble", "引言"),
    *((key, f"一、总体情况{number}{heading}") for key, number, heading in OVERVIEW_PARTS),
    ("problems", "五、存在的主要问题及改进情况"),
    ("other", "六、其他需要报告的事项"),
)
PART_KEYS: Final = tuple(key for key, _ in PARTS)


def prefill(agency: str, year: int) -> dict[str, str]:
    """The first draft of the narrative: the statutory statements with the record figures."""
    return {
        "preamble": (
            f"本报告根据《中华人民共和国政府信息公开条例》第五十条规定编制。本报告中所列数据的"
            f"统计期限自{year}年1月1日起至{year}年12月31日止。"
        ),
        "proactive": (
            "本年度主动公开政府信息{{publishing.entries}}条。办理行政许可{{table2.licensing}}件，"
            "行政处罚{{table2.penalty}}件，行政强制{{table2.coercion}}件，"
            "收取行政事业性收费{{table2.fees}}万元。"
        ),
        "on_request": (
            "本年度新收政府信息公开申请{{table3.new[6]}}件，上年结转{{table3.carried[6]}}件，"
            "办结{{table3.total[6]}}件，结转下年度继续办理{{table3.carry_next[6]}}件。"
        ),
        "management": "",
        "platforms": ("政务新媒体{{media.accounts_open}}个，本年累计推送信息{{media.posts}}条。"),
        "oversight": "",
        "problems": "",
        "other": f"{agency}本年度收取政府信息公开信息处理费{{{{cases.fee_yuan}}}}元。",
    }


def display(value: Any) -> str:
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f") if value else "0"
    return str(value)


def expand(text: str, values: Mapping[str, Any]) -> str:
    """The text with each token replaced by its value; an unknown token is left visible."""
    return TOKEN.sub(
        lambda m: display(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


def unknown_tokens(text: str, values: Mapping[str, Any]) -> list[str]:
    return [m.group(1) for m in TOKEN.finditer(text) if m.group(1) not in values]


def tidy(text: str) -> str:
    """``text`` as ``hygiene.fix`` corrects it, each token kept as written and read as the number
    it stands for (so 「共 {{media.posts}} 条」 loses its spaces as 「共 12 条」 does)."""
    tokens = [m.group(0) for m in TOKEN.finditer(text)]
    pieces = TOKEN.sub("\x00", text).split("\x00")
    out: list[str] = []
    for index, piece in enumerate(pieces):
        # A "0" stands beside the piece for each token next to it; the rules never change a
        # lone numeral, and if one ever did, the piece is corrected on its own instead.
        before = "0" if index > 0 else ""
        after = "0" if index < len(tokens) else ""
        fixed = hygiene.fix(before + piece + after)
        if fixed.startswith(before) and fixed.endswith(after):
            fixed = fixed[len(before) : len(fixed) - len(after)]
        else:
            fixed = hygiene.fix(piece)
        out.append(fixed)
        if index < len(tokens):
            out.append(tokens[index])
    return "".join(out)


def split(text: str, values: Mapping[str, Any]) -> list[tuple[str, str | None]]:
    """(piece, token key or None) in order, for the editor's preview with linked figures."""
    pieces: list[tuple[str, str | None]] = []
    at = 0
    for m in TOKEN.finditer(text):
        if m.start() > at:
            pieces.append((text[at : m.start()], None))
        key = m.group(1)
        pieces.append((display(values[key]) if key in values else m.group(0), key))
        at = m.end()
    if at < len(text):
        pieces.append((text[at:], None))
    return pieces


def sections(parts: Mapping[str, str], expand_text: Callable[[str], str]) -> Sections:
    text = {key: expand_text(parts.get(key, "")) for key in PART_KEYS}
    return Sections(
        preamble=text["preamble"],
        overview=Overview(**{key: text[key] for key, _, _ in OVERVIEW_PARTS}),
        problems=text["problems"],
        other=text["other"],
    )


def parts_of(sections_: Sections | None) -> dict[str, str]:
    if sections_ is None:
        return dict.fromkeys(PART_KEYS, "")
    out = {"preamble": sections_.preamble, "problems": sections_.problems, "other": sections_.other}
    for key, _, _ in OVERVIEW_PARTS:
        out[key] = getattr(sections_.overview, key)
    return out


def _grams(text: str, n: int) -> set[str]:
    compact = re.sub(r"\s+|\d+", "", text)  # figures change every year; words should not
    return {compact[i : i + n] for i in range(max(0, len(compact) - n + 1))}


def similarity(a: str, b: str, n: int = 3) -> float:
    """Jaccard similarity of character n-grams (digits and spaces ignored), 0 … 1."""
    ga, gb = _grams(a, n), _grams(b, n)
    if not ga or not gb:
        return 0.0
    return len(ga & gb) / len(ga | gb)
