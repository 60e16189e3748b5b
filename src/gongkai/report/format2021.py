"""The 2021 format's fixed structure: keys of the canonical JSON and the official labels.

Labels are the exact strings the format prints (regulation.md §1.2–1.5); renderers and the
parser read them from here and nowhere else.
"""

from __future__ import annotations

from typing import Final

FORMAT_ID: Final = "gov-info-annual-report/2021"

# --- section headings (§1.2) -------------------------------------------------------------
SECTION_HEADINGS: Final = (
    "一、总体情况",
    "二、主动公开政府信息情况",
    "三、收到和处理政府信息公开申请情况",
    "四、政府信息公开行政复议、行政诉讼情况",
    "五、存在的主要问题及改进情况",
    "六、其他需要报告的事项",
)

# 一、总体情况's five parts: canonical key, numbering, heading text.
OVERVIEW_PARTS: Final = (
    ("proactive", "（一）", "主动公开"),
    ("on_request", "（二）", "依申请公开"),
    ("management", "（三）", "政府信息管理"),
    ("platforms", "（四）", "政府信息公开平台建设"),
    ("oversight", "（五）", "监督保障"),
)
OVERVIEW_KEYS: Final = tuple(key for key, _, _ in OVERVIEW_PARTS)


def report_title(agency: str, year: int) -> str:
    return f"{agency}{year}年政府信息公开工作年度报告"


# --- table 二 (§1.3) -----------------------------------------------------------------------
T2_ARTICLE_1: Final = "第二十条第（一）项"
T2_ARTICLE_5: Final = "第二十条第（五）项"
T2_ARTICLE_6: Final = "第二十条第（六）项"
T2_ARTICLE_8: Final = "第二十条第（八）项"
T2_CONTENT: Final = "信息内容"
T2_DOC_COLUMNS: Final = ("本年制发件数", "本年废止件数", "现行有效件数")
T2_DOC_KEYS: Final = ("issued", "repealed", "in_force")
T2_DOC_ROWS: Final = (("regulations", "规章"), ("normative_documents", "行政规范性文件"))
T2_DECISIONS: Final = "本年处理决定数量"
T2_FEE_COLUMN: Final = "本年收费金额（单位：万元）"
T2_LICENSING: Final = "行政许可"
T2_PENALTY: Final = "行政处罚"
T2_COERCION: Final = "行政强制"
T2_FEES: Final = "行政事业性收费"

# --- table 三 (§1.4) -----------------------------------------------------------------------
T3_NOTE: Final = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"
T3_APPLICANTS: Final = "申请人情况"
T3_NATURAL: Final = "自然人"
T3_LEGAL: Final = "法人或其他组织"
T3_TOTAL_COLUMN: Final = "总计"
# Data columns in the official order; the five middle ones are 法人或其他组织.
T3_COLUMNS: Final = (
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
)
T3_COLUMN_KEYS: Final = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other",
    "total",
)
T3_WIDTH: Final = 7
T3_TOTAL_INDEX: Final = 6

T3_OUTCOMES_HEADING: Final = "三、本年度办理结果"

# Outcome groups: (group label, [(key, label), ...]). A group of one row has no sub-rows.
T3_OUTCOME_GROUPS: Final = (
    ("（一）予以公开", (("granted", "（一）予以公开"),)),
    (
        "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        (("partial", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）"),),
    ),
    (
        "（三）不予公开",
        (
            ("deny_1", "1.属于国家秘密"),
            ("deny_2", "2.其他法律行政法规禁止公开"),
            ("deny_3", "3.危及“三安全一稳定”"),
            ("deny_4", "4.保护第三方合法权益"),
            ("deny_5", "5.属于三类内部事务信息"),
            ("deny_6", "6.属于四类过程性信息"),
            ("deny_7", "7.属于行政执法案卷"),
            ("deny_8", "8.属于行政查询事项"),
        ),
    ),
    (
        "（四）无法提供",
        (
            ("unable_1", "1.本机关不掌握相关政府信息"),
            ("unable_2", "2.没有现成信息需要另行制作"),
            ("unable_3", "3.补正后申请内容仍不明确"),
        ),
    ),
    (
        "（五）不予处理",
        (
            ("noprocess_1", "1.信访举报投诉类申请"),
            ("noprocess_2", "2.重复申请"),
            ("noprocess_3", "3.要求提供公开出版物"),
            ("noprocess_4", "4.无正当理由大量反复申请"),
            ("noprocess_5", "5.要求行政机关确认或重新出具已获取信息"),
        ),
    ),
    (
        "（六）其他处理",
        (
            ("other_1", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请"),
            (
                "other_2",
                "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
            ),
            ("other_3", "3.其他"),
        ),
    ),
)
T3_TOTAL_LABEL: Final = "（七）总计"

OUTCOME_KEYS: Final = tuple(key for _, rows in T3_OUTCOME_GROUPS for key, _ in rows)
T3_ROW_KEYS: Final = ("new", "carried", *OUTCOME_KEYS, "total", "carry_next")

T3_ROW_LABELS: Final[dict[str, str]] = {
    "new": "一、本年新收政府信息公开申请数量",
    "carried": "二、上年结转政府信息公开申请数量",
    **{key: label for _, rows in T3_OUTCOME_GROUPS for key, label in rows},
    "total": T3_TOTAL_LABEL,
    "carry_next": "四、结转下年度继续办理",
}


def t3_row_description(key: str) -> str:
    """A row's name for messages; sub-rows carry their group: （三）不予公开1.属于国家秘密."""
    for group, rows in T3_OUTCOME_GROUPS:
        for row_key, label in rows:
            if row_key == key:
                return label if len(rows) == 1 else f"{group}{label}"
    return T3_ROW_LABELS[key]


# --- table 四 (§1.5) -----------------------------------------------------------------------
T4_RECONSIDERATION: Final = "行政复议"
T4_LITIGATION: Final = "行政诉讼"
T4_GROUPS: Final = ("行政复议", "未经复议直接起诉", "复议后起诉")
T4_RESULTS: Final = ("结果维持", "结果纠正", "其他结果", "尚未审结", "总计")
T4_WIDTH: Final = 15
T4_GROUP_WIDTH: Final = 5
