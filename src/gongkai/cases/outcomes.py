"""How an application ends: the reply types of Arts. 36–39 and closures, each tied to exactly
one outcome row of table 三 and to the articles a letter must cite (regulation.md §1.6, §3, §5).

A `Disposition` is what the agency decided; its `row` is where table 三 counts it. Two rows
have two dispositions each because the law has two reply types that the format counts
together: 予以公开 (Art. 36(1) already public / 36(2) provided) and 本机关不掌握
(Art. 36(4) does not exist / 36(5) not this agency's).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Final

from gongkai.report.format2021 import OUTCOME_KEYS, t3_row_description

REGULATION: Final = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES: Final = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）"


@dataclass(frozen=True)
class Rule:
    row: str  # table 三 outcome row key
    articles: tuple[str, ...]  # e.g. ("第三十六条第（二）项",), cited in the letter
    letter_title: str  # 政府信息公开申请答复书 / …告知书
    decision: str  # the sentence of the decision, without the basis
    withholds: bool = False  # reasons for withholding are required (Arts. 36(3), 37)
    needs_reason: bool = False  # a written reason is required (other_3)
    provides: bool = False  # material is provided to the applicant
    unconfirmed: str = ""  # the spec marks the mapping UNCONFIRMED


class Disposition(enum.Enum):
    ALREADY_PUBLIC = "already_public"
    GRANTED = "granted"
    PARTIAL = "partial"
    STATE_SECRET = "state_secret"
    LAW_PROHIBITED = "law_prohibited"
    THREE_SECURITY = "three_security"
    THIRD_PARTY = "third_party"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFO = "process_info"
    ENFORCEMENT_FILE = "enforcement_file"
    ADMIN_QUERY = "admin_query"
    NOT_EXIST = "not_exist"
    NOT_OURS = "not_ours"
    NEED_CREATE = "need_create"
    STILL_UNCLEAR = "still_unclear"
    PETITION = "petition"
    REPEAT = "repeat"
    PUBLICATION = "publication"
    MASS_REPEAT = "mass_repeat"
    CONFIRM_REISSUE = "confirm_reissue"
    NO_CORRECTION = "no_correction"
    FEE_UNPAID = "fee_unpaid"
    OTHER = "other"

    @property
    def rule(self) -> Rule:
        return RULES[self]

    @property
    def row(self) -> str:
        return RULES[self].row

    @property
    def label(self) -> str:
        return t3_row_description(self.row) + _VARIANT.get(self, "")

    def basis(self) -> str:
        """The legal basis as the letter cites it."""
        rule = RULES[self]
        if self is Disposition.FEE_UNPAID:
            return FEE_MEASURES
        if not rule.articles:
            return REGULATION
        return REGULATION + "、".join(rule.articles)


_VARIANT: Final = {
    Disposition.ALREADY_PUBLIC: "（已主动公开）",
    Disposition.GRANTED: "（予以提供）",
    Disposition.NOT_EXIST: "（信息不存在）",
    Disposition.NOT_OURS: "（非本机关信息）",
}

_DENY = "不予公开告知书"
_UNABLE = "无法提供告知书"
_NOPROCESS = "不予处理告知书"
_CLOSE = "终止办理告知书"

RULES: Final[dict[Disposition, Rule]] = {
    Disposition.ALREADY_PUBLIC: Rule(
        "granted",
        ("第三十六条第（一）项",),
        "政府信息公开告知书",
        "您申请获取的政府信息已经主动公开，现告知您获取该政府信息的方式和途径",
        provides=True,
    ),
    Disposition.GRANTED: Rule(
        "granted",
        ("第三十六条第（二）项",),
        "政府信息公开告知书",
        "您申请获取的政府信息属于公开范围，本机关予以公开",
        provides=True,
    ),
    Disposition.PARTIAL: Rule(
        "partial",
        ("第三十七条",),
        "部分公开告知书",
        "您申请获取的政府信息中含有不应当公开或者不属于政府信息的内容，"
        "本机关作区分处理，向您提供可以公开的部分",
        withholds=True,
        provides=True,
    ),
    Disposition.STATE_SECRET: Rule(
        "deny_1",
        ("第十四条", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的政府信息属于国家秘密，本机关不予公开",
        withholds=True,
    ),
    Disposition.LAW_PROHIBITED: Rule(
        "deny_2",
        ("第十四条", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的政府信息属于法律、行政法规禁止公开的信息，本机关不予公开",
        withholds=True,
    ),
    Disposition.THREE_SECURITY: Rule(
        "deny_3",
        ("第十四条", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定，本机关不予公开",
        withholds=True,
    ),
    Disposition.THIRD_PARTY: Rule(
        "deny_4",
        ("第十五条", "第三十二条", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的政府信息涉及第三方商业秘密或者个人隐私，公开会对第三方合法权益造成损害，"
        "本机关不予公开",
        withholds=True,
    ),
    Disposition.INTERNAL_AFFAIRS: Rule(
        "deny_5",
        ("第十六条第一款", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的信息属于人事管理、后勤管理、内部工作流程等内部事务信息，本机关不予公开",
        withholds=True,
    ),
    Disposition.PROCESS_INFO: Rule(
        "deny_6",
        ("第十六条第二款", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的信息属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，本机关不予公开",
        withholds=True,
    ),
    Disposition.ENFORCEMENT_FILE: Rule(
        "deny_7",
        ("第十六条第二款", "第三十六条第（三）项"),
        _DENY,
        "您申请获取的信息属于行政执法案卷信息，本机关不予公开",
        withholds=True,
    ),
    Disposition.ADMIN_QUERY: Rule(
        "deny_8",
        ("第三十六条第（七）项",),
        "行政查询事项告知书",
        "您申请获取的信息属于有关法律、行政法规对信息的获取有特别规定的行政查询事项，"
        "请按照有关法律、行政法规的规定办理",
        unconfirmed="第三十六条第（七）项与“属于行政查询事项”的对应关系（regulation.md §1.6）",
    ),
    Disposition.NOT_EXIST: Rule(
        "unable_1",
        ("第三十六条第（四）项",),
        "政府信息不存在告知书",
        "经检索，本机关未制作或者获取您申请的政府信息，该政府信息不存在",
    ),
    Disposition.NOT_OURS: Rule(
        "unable_1",
        ("第三十六条第（五）项",),
        "非本机关政府信息告知书",
        "您申请获取的政府信息不属于本机关负责公开",
    ),
    Disposition.NEED_CREATE: Rule(
        "unable_2",
        ("第三十八条",),
        _UNABLE,
        "您申请获取的信息需要本机关对现有政府信息进行加工、分析，本机关可以不予提供",
    ),
    Disposition.STILL_UNCLEAR: Rule(
        "unable_3",
        ("第三十条",),
        _UNABLE,
        "您补正后的申请内容仍不明确，本机关无法提供",
    ),
    Disposition.PETITION: Rule(
        "noprocess_1",
        ("第三十九条第一款",),
        _NOPROCESS,
        "您以政府信息公开申请的形式进行信访、投诉、举报等活动，本机关不作为政府信息公开申请处理",
    ),
    Disposition.REPEAT: Rule(
        "noprocess_2",
        ("第三十六条第（六）项",),
        "重复申请告知书",
        "您重复申请公开本机关已经答复的同一政府信息，本机关不予重复处理",
    ),
    Disposition.PUBLICATION: Rule(
        "noprocess_3",
        ("第三十九条第二款",),
        _NOPROCESS,
        "您要求提供政府公报、报刊、书籍等公开出版物，本机关告知您获取的途径",
    ),
    Disposition.MASS_REPEAT: Rule(
        "noprocess_4",
        ("第三十五条",),
        _NOPROCESS,
        "您的申请数量、频次明显超过合理范围且说明的理由不合理，本机关不予处理",
    ),
    Disposition.CONFIRM_REISSUE: Rule(
        "noprocess_5",
        (),
        _NOPROCESS,
        "您要求本机关确认或者重新出具已经获取的信息，不属于政府信息公开申请，本机关不予处理",
        unconfirmed="条例无对应条款，告知书只引用条例名称",
    ),
    Disposition.NO_CORRECTION: Rule(
        "other_1",
        ("第三十条",),
        _CLOSE,
        "您无正当理由逾期未补正，视为放弃申请，本机关不再处理该政府信息公开申请",
    ),
    Disposition.FEE_UNPAID: Rule(
        "other_2",
        (),
        _CLOSE,
        "您逾期未按收费通知要求缴纳信息处理费，视为放弃申请，本机关不再处理该政府信息公开申请",
    ),
    Disposition.OTHER: Rule(
        "other_3",
        (),
        "政府信息公开申请处理告知书",
        "本机关对您的申请作如下处理",
        needs_reason=True,
    ),
}

ROW_DISPOSITIONS: Final[dict[str, tuple[Disposition, ...]]] = {
    row: tuple(d for d in Disposition if d.row == row) for row in OUTCOME_KEYS
}


class OutcomeError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Outcome:
    """The decision on one application: one disposition, hence exactly one table 三 row."""

    disposition: Disposition
    reason: str = ""  # why anything is withheld, or the other_3 reason
    withheld_parts: str = ""  # for 部分公开: which parts are withheld

    def __post_init__(self) -> None:
        rule = self.disposition.rule
        if rule.needs_reason and not self.reason.strip():
            raise OutcomeError("“其他处理—其他”必须写明处理理由，请在“理由”中填写")
        if rule.withholds and not self.reason.strip():
            raise OutcomeError(
                f"“{self.disposition.label}”须说明不予公开的理由（条例第三十六条第（三）项、"
                "第三十七条），请在“理由”中填写"
            )
        if self.disposition is Disposition.PARTIAL and not self.withheld_parts.strip():
            raise OutcomeError("部分公开须写明不予公开的部分（条例第三十七条），请填写")

    @property
    def row(self) -> str:
        return self.disposition.row


def disposition_for_row(row: str) -> Disposition:
    """The usual disposition of a row, for ledgers that record only the row."""
    try:
        return ROW_DISPOSITIONS[row][-1] if row != "unable_1" else Disposition.NOT_EXIST
    except KeyError:
        raise OutcomeError(f"没有办理结果“{row}”，应为表三的 21 个办理结果之一") from None
