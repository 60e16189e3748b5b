"""Letter numbers (文号) in the form 新教公复〔2024〕3号: prefix, year in 六角括号, sequence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

_PATTERN: Final = re.compile(r"^(?P<prefix>[^〔]+)〔(?P<year>\d{4})〕(?P<seq>[1-9]\d*)号$")


class LetterNumberError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, order=True)
class LetterNumber:
    prefix: str
    year: int
    seq: int

    def __post_init__(self) -> None:
        if not self.prefix or any(c in self.prefix for c in "〔〕[]()（）"):
            raise LetterNumberError(f"文号前缀“{self.prefix}”不能为空，也不能含括号")
        if self.seq < 1:
            raise LetterNumberError(f"文号序号应从 1 起（收到 {self.seq}）")

    def __str__(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.seq}号"

    @classmethod
    def parse(cls, text: str) -> LetterNumber:
        found = _PATTERN.match(text.strip())
        if found is None:
            raise LetterNumberError(f"文号“{text}”格式不对，应如“新教公复〔2024〕3号”")
        return cls(found["prefix"], int(found["year"]), int(found["seq"]))


def next_number(prefix: str, year: int, used: int) -> LetterNumber:
    """The number after ``used`` letters of this prefix were numbered in ``year``."""
    return LetterNumber(prefix, year, used + 1)
