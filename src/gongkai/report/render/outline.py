"""The report as a sequence of blocks (title, headings, paragraphs, tables) in reading order.

The HTML and DOCX renderers walk the same outline, so both show the same text in the same
order as the plain-text renderer, and a parser reads all of them alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.report import format2021 as f
from gongkai.report.model import Report
from gongkai.report.render import paragraphs
from gongkai.report.render.tables import Grid, table2_grid, table3_grid, table4_grid


@dataclass(frozen=True, slots=True)
class Title:
    text: str
    lines: tuple[str, ...]  # where the title breaks: GB/T 9704 wants a trapezoid, not a wrap


# Characters of 2号 (22 pt) in the 156 mm text block.
TITLE_CHARS_PER_LINE = 20


def title_lines(report: Report) -> tuple[str, ...]:
    """A title longer than a line breaks after the agency's name, so the lines grow from top
    to bottom (新华区教育局 / 2024年政府信息公开工作年度报告) instead of wrapping mid-word."""
    text, agency = report.display_title, report.agency
    if len(text) <= TITLE_CHARS_PER_LINE or not agency or not text.startswith(agency):
        return (text,)
    rest = text[len(agency) :]
    return (agency, rest) if rest else (text,)


@dataclass(frozen=True, slots=True)
class Heading:
    level: int  # 1 一、 · 2 （一） · 3 1. · 4 （1）  (GB/T 9704-2012 7.3.3)
    text: str


@dataclass(frozen=True, slots=True)
class Paragraph:
    text: str


@dataclass(frozen=True, slots=True)
class Table:
    grid: Grid


Block = Title | Heading | Paragraph | Table

# A short line of its own that starts with a heading number is a sub-heading, not body text:
# "（一）存在的问题" is, "（一）……。一是……" (a numbered sentence) is not.
_NUMBERED = (
    (2, re.compile(r"^[（(][一二三四五六七八九十]{1,3}[）)]")),
    (3, re.compile(r"^\d{1,2}[.．、](?!\d)")),
    (4, re.compile(r"^[（(]\d{1,2}[）)]")),
)
_SENTENCE_END = re.compile(r"[。；;，,！!？?]")
_MAX_HEADING_CHARS = 40


def heading_level(text: str) -> int | None:
    """The GB/T 9704 level of a narrative line that reads as a sub-heading, else None."""
    line = text.strip()
    if "\n" in line or len(line) > _MAX_HEADING_CHARS or _SENTENCE_END.search(line):
        return None
    for level, pattern in _NUMBERED:
        match = pattern.match(line)
        if match and len(line) > match.end():
            return level
    return None


# Control characters a pasted text may carry: XML 1.0 (DOCX, XLSX) cannot hold them at all.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def narrative(text: str) -> list[Block]:
    blocks: list[Block] = []
    for paragraph in paragraphs(clean(text)):
        level = heading_level(paragraph)
        blocks.append(Paragraph(paragraph) if level is None else Heading(level, paragraph))
    return blocks


def outline(report: Report) -> list[Block]:
    s = report.sections
    lines = tuple(clean(line) for line in title_lines(report))
    blocks: list[Block] = [Title(clean(report.display_title), lines)]
    if s is not None:
        blocks += [Paragraph(p) for p in paragraphs(clean(s.preamble))]
    blocks.append(Heading(1, f.SECTION_HEADINGS[0]))
    for key, number, heading in f.OVERVIEW_PARTS:
        blocks.append(Heading(2, f"{number}{heading}"))
        if s is not None:
            blocks += narrative(getattr(s.overview, key))
    blocks += [Heading(1, f.SECTION_HEADINGS[1]), Table(table2_grid(report))]
    blocks += [Heading(1, f.SECTION_HEADINGS[2]), Table(table3_grid(report))]
    blocks += [Heading(1, f.SECTION_HEADINGS[3]), Table(table4_grid(report))]
    blocks.append(Heading(1, f.SECTION_HEADINGS[4]))
    if s is not None:
        blocks += narrative(s.problems)
    blocks.append(Heading(1, f.SECTION_HEADINGS[5]))
    if s is not None:
        blocks += narrative(s.other)
    return blocks
