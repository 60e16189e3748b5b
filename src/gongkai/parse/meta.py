"""The agency and the report year, from the title or the preamble where they are stated."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Final

_TITLE: Final = re.compile(r"(?:信息公开|政务公开).{0,6}?(?:年度|年)?报告|年报")
_YEAR: Final = re.compile(r"((?:19|20)\d{2})年度?")
_AGENCY_END: Final = re.compile(r"(?:关于)?(?:(?:19|20)\d{2}年度?)?(?:政府)?(?:信息公开|政务公开)")
_STAT_PERIOD: Final = re.compile(r"((?:19|20)\d{2})年1月1日(?:起)?至")
_STATEMENT: Final = re.compile(r"((?:19|20)\d{2})年度?(?:政府)?信息公开(?:工作)?(?:情况|年度报告)")
_SOURCE: Final = re.compile(r"(?:信息来源|来源|发布机构|发文机关)[:：]\s*([^\s:：]{2,30})")
_PUBLISHED: Final = re.compile(r"(?:发布(?:日期|时间)|发文日期)[:：]?\s*((?:19|20)\d{2})[-年/.]")
_PUNCT: Final = re.compile(r"[，。；：,;:!！?？、]")
_HEAD_LINES: Final = 60


# The lines a site crawler or a copy from a portal page puts before the body: "标题: …".
_WRAPPER: Final = re.compile(
    r"(标题|题目|发布时间|发布日期|发文日期|成文日期|发布机构|发文机关|信息来源|来源|文号|"
    r"栏目|所属栏目|原文链接|原文地址|网址|链接|本地目录|索引号|主题分类|公开方式)\s*[:：]\s*(.*)"
)
_DATE: Final = re.compile(r"((?:19|20)\d{2})[-年/.](\d{1,2})[-月/.](\d{1,2})")


@dataclass(frozen=True, slots=True)
class Meta:
    agency: str | None
    year: int | None
    year_source: str  # "title", "statistics period", …; "" when not found
    title: str | None
    published_on: date | None = None
    source_url: str | None = None


def wrapper_fields(lines: Sequence[str]) -> dict[str, str]:
    """The crawler's header lines (name → value) at the top of the document."""
    fields: dict[str, str] = {}
    for line in lines[:_HEAD_LINES]:
        m = _WRAPPER.fullmatch(line.strip())
        if m and m.group(1) not in fields:
            fields[m.group(1)] = m.group(2).strip()
    return fields


def _published(fields: dict[str, str]) -> date | None:
    for name in ("发布时间", "发布日期", "发文日期", "成文日期"):
        m = _DATE.search(fields.get(name, ""))
        if m:
            try:
                return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                return None
    return None


def read_meta(lines: Sequence[str]) -> Meta:
    """``lines`` are the document's non-empty lines, ``clean``; the title is near the top."""
    fields = wrapper_fields(lines)
    found = _read_meta(_unwrapped(lines, fields))
    agency = found.agency
    if agency is None:
        agency = fields.get("发布机构") or fields.get("发文机关") or None
    url = fields.get("原文链接") or fields.get("原文地址") or fields.get("网址") or None
    return Meta(agency, found.year, found.year_source, found.title, _published(fields), url)


def _unwrapped(lines: Sequence[str], fields: dict[str, str]) -> list[str]:
    """The lines with the wrapper's names taken off (标题: X → X), its other lines dropped."""
    out: list[str] = []
    for i, line in enumerate(lines):
        m = _WRAPPER.fullmatch(line.strip()) if i < _HEAD_LINES and fields else None
        if m is None:
            out.append(line)
        elif m.group(1) in ("标题", "题目"):
            out.append(m.group(2))
    return out


def _read_meta(lines: Sequence[str]) -> Meta:
    head = [line.replace(" ", "") for line in lines[:_HEAD_LINES]]
    agency = year = title = None
    source = ""
    for i, line in enumerate(head):
        if len(line) > 80 or not _TITLE.search(line) or "根据" in line:
            continue
        title = line
        cut = _AGENCY_END.search(line)
        before = line[: cut.start()] if cut else ""
        year_match = _YEAR.search(line)
        if year_match and (cut is None or year_match.start() <= cut.start()):
            year, source = int(year_match.group(1)), "标题"
            before = line[: year_match.start()]
        before = before.strip("《》\"'“”")
        if not before and i > 0 and _looks_like_agency(head[i - 1]):
            before = head[i - 1]
            title = before + line
        if not before and year is None:
            title = None
            continue  # a column name such as 政府信息公开年报, not the title
        if before:
            agency = before
        break
    text = "\n".join(head)
    if year is None:
        for pattern, name in ((_STAT_PERIOD, "统计期限"), (_STATEMENT, "正文")):
            m = pattern.search(text)
            if m:
                year, source = int(m.group(1)), name
                break
    if year is None:
        years = Counter(int(y) for y in _YEAR.findall(text))
        if years:
            year, source = years.most_common(1)[0][0], "正文中最常出现的年份"
        else:
            m = _PUBLISHED.search(text)
            if m:
                year, source = int(m.group(1)) - 1, "发布日期的上一年"
    if agency is None:
        m = _SOURCE.search("\n".join(lines[:_HEAD_LINES]))
        if m:
            agency = m.group(1)
    return Meta(agency, year, source, title)


def _looks_like_agency(line: str) -> bool:
    return 2 <= len(line) <= 30 and not _PUNCT.search(line) and not _YEAR.search(line)
