"""How the supervision documents write dates and figures in running Chinese text.

GB/T 9704-2012 7.3.5.4 writes a date in Arabic numerals without leading zeros (2024年3月5日);
in Chinese prose a figure sits between characters with no space around it (「检查账号4个」).
Details stored before these rules held (「15 天未更新（最近一次：2024-03-16）」) are tidied when
a document is made from them, so an old problem prints like a new one.
"""

from __future__ import annotations

import datetime as dt
import re

_ISO_DATE = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
_SPACE_BEFORE = re.compile(rf"(?<={_CJK}) +(?=[0-9A-Za-z%])")
_SPACE_AFTER = re.compile(rf"(?<=[0-9A-Za-z%]) +(?={_CJK})")


def cn_date(day: dt.date) -> str:
    """GB/T 9704 7.3.5.4: Arabic numerals, no leading zeros."""
    return f"{day.year}年{day.month}月{day.day}日"


def tidy(text: str) -> str:
    """ISO dates as Chinese dates, and no spaces between a figure and Chinese text."""

    def date(match: re.Match[str]) -> str:
        try:
            return cn_date(dt.date(*(int(g) for g in match.groups())))
        except ValueError:
            return match.group(0)  # not a real date: left as written

    text = _ISO_DATE.sub(date, text)
    return _SPACE_AFTER.sub("", _SPACE_BEFORE.sub("", text))
