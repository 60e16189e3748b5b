"""Text hygiene of Chinese official prose: what a secretary corrects before a document leaves.

Shared by letters, reports and their editors: ``check`` lists the problems with a suggestion
each, ``fix`` applies them all. The rules are typographic, not linguistic:

* 重复标点 — two clause marks in a row (「复印件。。」, 「同意延期。，」): the last one stays,
  as it is the one the sentence continues with;
* 半角标点 — a half-width , ; : ? ! ( ) in Chinese text (GB/T 15834: Chinese text takes
  full-width marks), the comma reported on its own as 半角逗号 because it is the common one;
* 数字两侧空格 — a space between a Chinese character and a number (「共 12 件」);
* 数字日期 — an ISO-like date in prose (2024-03-05), written as 2024年3月5日 (GB/T 9704 7.3.5.4);
* HTML 字符实体 — ``&quot;`` and the like where a character was meant.
"""

from __future__ import annotations

import enum
import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

_HAN: Final = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_CONTEXT: Final = _HAN + r"\u3000-\u303f\uff00-\uffef“”‘’"  # Han and full-width marks
_CLAUSE: Final = "。，、；：！？"
_HALF: Final = {",": "，", ";": "；", ":": "：", "?": "？", "!": "！", "(": "（", ")": "）"}


class Problem(enum.Enum):
    ENTITY = "entity"
    HALF_COMMA = "half_comma"
    HALF_WIDTH = "half_width"
    SPACE_NUMBER = "space_number"
    ISO_DATE = "iso_date"
    DOUBLED = "doubled"

    @property
    def label(self) -> str:
        return {
            Problem.ENTITY: "HTML 字符实体",
            Problem.HALF_COMMA: "半角逗号",
            Problem.HALF_WIDTH: "半角标点",
            Problem.SPACE_NUMBER: "数字两侧空格",
            Problem.ISO_DATE: "数字日期",
            Problem.DOUBLED: "重复标点",
        }[self]


@dataclass(frozen=True)
class Issue:
    problem: Problem
    start: int
    end: int
    found: str
    suggestion: str

    @property
    def message(self) -> str:
        shown = self.found.replace(" ", "␣")
        return f"{self.problem.label}：“{shown}”应为“{self.suggestion}”"


_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]{1,31}|#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6});")
# A half-width mark touching Chinese text on at least one side (so "3,000" and "a:b" stay).
_HALF_MARK = re.compile(rf"(?<=[{_CJK_CONTEXT}])[,;:?!]|[,;:?!](?=[{_CJK_CONTEXT}])")
_HALF_PARENS = re.compile(rf"\(([^()\n]*[{_HAN}][^()\n]*)\)")
_SPACE_NUMBER = re.compile(rf"(?<=[{_HAN}])[ \u00a0]+(?=\d)|(?<=\d)[ \u00a0]+(?=[{_HAN}])")
_ISO_DATE = re.compile(r"(?<![\d.])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?![\d.])")
_DOUBLED = re.compile(rf"[{_CLAUSE}][{_CLAUSE},.;:?!]+|[,.;:?!][{_CLAUSE}]+")


def _entity(match: re.Match[str]) -> str:
    return html.unescape(match.group(0))


def _half_mark(match: re.Match[str]) -> str:
    return _HALF[match.group(0)]


def _parens(match: re.Match[str]) -> str:
    return f"（{match.group(1)}）"


def _date(match: re.Match[str]) -> str:
    year, _, month, day = match.groups()
    if not (1 <= int(month) <= 12 and 1 <= int(day) <= 31):
        return match.group(0)
    return f"{int(year)}年{int(month)}月{int(day)}日"


def _doubled(match: re.Match[str]) -> str:
    run = match.group(0)
    if set(run) <= set("！？"):
        return run  # 「？！」 is emphasis, not a slip
    last = run[-1]
    return _HALF.get(last, "。" if last == "." else last)


_Rule = tuple[Problem, re.Pattern[str], Callable[[re.Match[str]], str]]
_RULES: Final[tuple[_Rule, ...]] = (
    (Problem.ENTITY, _ENTITY, _entity),
    (Problem.HALF_WIDTH, _HALF_PARENS, _parens),
    (Problem.HALF_WIDTH, _HALF_MARK, _half_mark),
    (Problem.SPACE_NUMBER, _SPACE_NUMBER, lambda m: ""),
    (Problem.ISO_DATE, _ISO_DATE, _date),
    (Problem.DOUBLED, _DOUBLED, _doubled),
)


def check(text: str) -> list[Issue]:
    """Every problem of ``text``, in the order of the text."""
    issues: list[Issue] = []
    for problem, pattern, replace in _RULES:
        for match in pattern.finditer(text):
            suggestion = replace(match)
            if suggestion == match.group(0):
                continue
            kind = problem
            if problem is Problem.HALF_WIDTH and match.group(0) == ",":
                kind = Problem.HALF_COMMA
            issues.append(Issue(kind, match.start(), match.end(), match.group(0), suggestion))
    return sorted(issues, key=lambda issue: (issue.start, issue.end))


def fix(text: str) -> str:
    """``text`` with every problem ``check`` finds corrected (idempotent)."""
    # One correction can expose another (a half-width mark next to one just made full-width),
    # so the rules run until nothing changes; each pass only shortens or keeps the text's
    # half-width marks, so a few passes always suffice.
    for _ in range(8):
        before = text
        for _, pattern, replace in _RULES:
            text = pattern.sub(replace, text)
        if text == before:
            break
    return text
