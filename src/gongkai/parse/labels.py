"""The rows the reader looks for, in the order the 2021 format prints them.

Each row is found by a keyword: a short, distinctive part of its label, in ``key`` form
(letters, digits and Han only), chosen near the start of the label so that a label wrapped
over two lines in a PDF still shows it. The official label is kept to check what follows the
keyword at the end of a label: a continuation of the label is fine, other text is not.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from gongkai.parse.normalize import clean, key
from gongkai.report import format2021 as f


@dataclass(frozen=True, slots=True)
class RowSpec:
    path: str  # where the cells go: "table2.regulations", "table3.deny_1"
    width: int
    keywords: tuple[str, ...]
    label: str  # the official label, key form


def _k(text: str) -> str:
    return key(clean(text))


T2_ROWS: Final = (
    RowSpec("table2.regulations", 3, ("规章",), "规章"),
    RowSpec("table2.normative_documents", 3, ("规范性文件",), "行政规范性文件"),
    RowSpec("table2.licensing", 1, ("行政许可",), "行政许可"),
    RowSpec("table2.penalty", 1, ("行政处罚",), "行政处罚"),
    RowSpec("table2.coercion", 1, ("行政强制",), "行政强制"),
    RowSpec("table2.fees", 1, ("事业性收费",), "行政事业性收费"),
)

_T3_KEYWORDS: Final = {
    # Two keywords for long labels, one from each end: a label split by a page break in a
    # PDF still shows one of them.
    "new": ("本年新收", "新收政府信息公开申请"),
    "carried": ("上年结转",),
    "granted": ("予以公开",),
    "partial": ("部分公开", "区分处理的只计"),
    "deny_1": ("国家秘密",),
    "deny_2": ("法律行政法规禁止", "其他法律行政"),
    "deny_3": ("三安全一稳定", "危及三安全"),
    "deny_4": ("第三方合法权益", "保护第三方"),
    "deny_5": ("内部事务", "三类内部"),
    "deny_6": ("过程性信息", "四类过程"),
    "deny_7": ("行政执法案卷", "执法案卷"),
    "deny_8": ("行政查询",),
    "unable_1": ("不掌握", "本机关不"),
    "unable_2": ("另行制作", "没有现成"),
    "unable_3": ("补正后", "仍不明确"),
    "noprocess_1": ("信访举报投诉", "信访举报"),
    "noprocess_2": ("重复申请",),
    "noprocess_3": ("公开出版物", "要求提供公开"),
    "noprocess_4": ("大量反复", "无正当理由大量"),
    "noprocess_5": ("确认或重新出具", "重新出具"),
    "other_1": ("逾期不补正", "无正当理由逾期"),
    "other_2": ("收费通知", "缴纳费用"),
    "other_3": ("3其他",),
    "total": ("七总计",),
    "carry_next": ("结转下年度", "下年度继续办理"),
}

T3_ROWS: Final = tuple(
    RowSpec(f"table3.{row}", f.T3_WIDTH, _T3_KEYWORDS[row], _k(f.T3_ROW_LABELS[row]))
    for row in f.T3_ROW_KEYS
)

# A keyword found at the end of a label may be followed by this much unrelated text
# (units such as （件）, a stray character) and still name that row.
TAIL_SLACK: Final = 3


def tail_fits(spec: RowSpec, keyword: str, tail: str) -> bool:
    if len(tail) <= TAIL_SLACK:
        return True
    at = spec.label.find(keyword)
    return at >= 0 and spec.label[at + len(keyword) :].startswith(tail)


# --- anchors: where each table begins and ends ---------------------------------------------

T2_START: Final = ("第二十条第", "本年制发件数", "本年新制作数量")
T3_START: Final = ("本列数据", "申请人情况")
T3_START_ROW: Final = "本年新收"
T4_HEADER_END: Final = ("结果维持", "尚未审结", "复议后起诉", "未经复议直接起诉")
T4_START: Final = "行政复议"
SECTION_FIVE: Final = ("主要问题",)
