"""Which format a report follows, from its content (regulation.md §2.3), never from its year:
agencies kept the 2019 tables for years after 2021."""

from __future__ import annotations

from enum import StrEnum
from typing import Final


class Format(StrEnum):
    F2021 = "2021"
    F2019 = "2019"
    PRE2019 = "pre-2019"
    UNKNOWN = "unknown"


# Phrases in key form (no punctuation or spaces). Each names one format's table headers.
_SIGNS_2021: Final = (
    "本年制发",
    "制发件数",
    "制发数量",
    "本年废止",
    "现行有效",
    "本年处理决定数量",
    "本年收费金额",
    "收费通知要求缴纳费用",
)
_SIGNS_2019: Final = (
    "本年新制作",
    "本年新公开",
    "对外公开总数量",
    "上一年项目数量",
    "本年增减",
    "采购项目数量",
    "采购总金额",
    "政府集中采购",
    "其他对外管理服务事项",
)
_SIGNS_PRE2019: Final = (
    "依申请公开政府信息情况",
    "政府信息公开情况统计表",
    "收费及减免",
    "否决公开",
    "同意公开答复",
    "同意部分公开",
    "申请总数",
)
_REPORT: Final = ("信息公开", "申请", "主动公开")


def detect(text_key: str) -> Format:
    """``text_key`` is the whole document in key form."""
    new = sum(1 for s in _SIGNS_2021 if s in text_key)
    old = sum(1 for s in _SIGNS_2019 if s in text_key)
    if new or old:
        return Format.F2021 if new >= old else Format.F2019
    if "第二十条第" in text_key:
        # The article numbers of the 2019 Regulation without either format's column headers:
        # the table was cut before them; the 2021 T3 sub-rows tell the formats apart.
        return Format.F2021 if "逾期未按收费通知" in text_key else Format.UNKNOWN
    if any(s in text_key for s in _SIGNS_PRE2019) and any(s in text_key for s in _REPORT):
        return Format.PRE2019
    return Format.UNKNOWN
