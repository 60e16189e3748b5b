"""The ground of each withheld part of a 部分公开 letter (Regulation Arts. 14–16, 37; Art. 32
consultation for a third party's interests), chosen from this list by the clerk.

A 不予公开 letter withholds the whole request on the ground its disposition names; a 部分公开
letter withholds parts, each on its own ground, and cites each ground's article beside Art. 37.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from gongkai.cases.outcomes import REGULATION, Disposition


class Ground(enum.Enum):
    STATE_SECRET = "state_secret"
    LAW_PROHIBITED = "law_prohibited"
    THREE_SECURITY = "three_security"
    TRADE_SECRET = "trade_secret"
    PRIVACY = "privacy"
    INTERNAL_AFFAIRS = "internal_affairs"
    PROCESS_INFO = "process_info"
    ENFORCEMENT_FILE = "enforcement_file"
    NOT_GOVERNMENT_INFO = "not_government_info"

    @property
    def label(self) -> str:
        return _GROUNDS[self][0]

    @property
    def article(self) -> str:
        return _GROUNDS[self][1]

    @property
    def sentence(self) -> str:
        """Why the part is withheld, as the letter says it (without the article)."""
        return _GROUNDS[self][2]

    @property
    def third_party(self) -> bool:
        """Art. 32 applies: the third party is consulted in writing before the decision."""
        return self in (Ground.TRADE_SECRET, Ground.PRIVACY)


_GROUNDS: Final[dict[Ground, tuple[str, str, str]]] = {
    Ground.STATE_SECRET: ("国家秘密（第十四条）", "第十四条", "属于国家秘密"),
    Ground.LAW_PROHIBITED: (
        "法律、行政法规禁止公开（第十四条）",
        "第十四条",
        "属于法律、行政法规禁止公开的政府信息",
    ),
    Ground.THREE_SECURITY: (
        "危及国家安全、公共安全、经济安全、社会稳定（第十四条）",
        "第十四条",
        "公开后可能危及国家安全、公共安全、经济安全、社会稳定",
    ),
    Ground.TRADE_SECRET: (
        "第三方商业秘密（第十五条）",
        "第十五条",
        "涉及第三方商业秘密，公开会对第三方合法权益造成损害",
    ),
    Ground.PRIVACY: (
        "第三方个人隐私（第十五条）",
        "第十五条",
        "涉及第三方个人隐私，公开会对第三方合法权益造成损害",
    ),
    Ground.INTERNAL_AFFAIRS: (
        "内部事务信息（第十六条第一款）",
        "第十六条第一款",
        "属于人事管理、后勤管理、内部工作流程等内部事务信息",
    ),
    Ground.PROCESS_INFO: (
        "过程性信息（第十六条第二款）",
        "第十六条第二款",
        "属于讨论记录、过程稿、磋商信函、请示报告等过程性信息",
    ),
    Ground.ENFORCEMENT_FILE: (
        "行政执法案卷信息（第十六条第二款）",
        "第十六条第二款",
        "属于行政执法案卷信息",
    ),
    Ground.NOT_GOVERNMENT_INFO: (
        "不属于政府信息（第二条）",
        "第二条",
        "不属于行政机关在履行行政管理职能过程中制作或者获取的政府信息",
    ),
}

_CONSULTATION_ARTICLE: Final = "第三十二条"


class GroundError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class WithheldPart:
    part: str  # what is withheld, e.g. 投标人报价明细
    ground: Ground

    def __post_init__(self) -> None:
        if not self.part.strip():
            raise GroundError(f"请写明以“{self.ground.label}”不予公开的是哪一部分")


def parts_from(pairs: Iterable[tuple[str, str]]) -> tuple[WithheldPart, ...]:
    """(part, ground value) rows of the form; blank rows are skipped, a half-filled row refused."""
    found: list[WithheldPart] = []
    for index, (part, ground) in enumerate(pairs, start=1):
        if not part.strip() and not ground:
            continue
        if not ground:
            raise GroundError(f"不予公开的第{index}项“{part.strip()}”须从列表中选择不予公开的理由")
        try:
            chosen = Ground(ground)
        except ValueError:
            raise GroundError(f"不予公开的第{index}项的理由“{ground}”不在列表中") from None
        found.append(WithheldPart(part.strip(), chosen))
    return tuple(found)


@dataclass(frozen=True)
class ThirdPartyOpinion:
    party: str
    opinion: str  # "" when the party did not answer within 15 working days


# Citation order: by article (and paragraph), as letters list them.
_RANK: Final = {
    "第二条": 2.0,
    "第十四条": 14.0,
    "第十五条": 15.0,
    "第十六条第一款": 16.1,
    "第十六条第二款": 16.2,
    _CONSULTATION_ARTICLE: 32.0,
    "第三十七条": 37.0,
}


def articles(
    disposition: Disposition, parts: Sequence[WithheldPart], consulted: bool
) -> tuple[str, ...]:
    """The articles a 部分公开 letter cites: Art. 37, each ground's, and Art. 32 when a third
    party was consulted on a ground it applies to. Other outcomes cite their rule's articles."""
    if disposition is not Disposition.PARTIAL:
        return disposition.rule.articles
    cited = set(disposition.rule.articles) | {p.ground.article for p in parts}
    if consulted and any(p.ground.third_party for p in parts):
        cited.add(_CONSULTATION_ARTICLE)
    return tuple(sorted(cited, key=lambda a: _RANK.get(a, 99.0)))


def basis(disposition: Disposition, parts: Sequence[WithheldPart], consulted: bool) -> str:
    if disposition is Disposition.FEE_UNPAID or not disposition.rule.articles:
        return disposition.basis()
    return REGULATION + "、".join(articles(disposition, parts, consulted))


def lines(parts: Sequence[WithheldPart], opinions: Sequence[ThirdPartyOpinion] = ()) -> list[str]:
    """The letter's paragraphs on the withheld parts: one per part with its ground and article,
    then the Art. 32 consultation where a ground it applies to was relied on."""
    out = [
        f"{_number(index)}{part.part}：{part.ground.sentence}，"
        f"依据{REGULATION}{part.ground.article}不予公开。"
        for index, part in enumerate(parts, start=1)
    ]
    if any(p.ground.third_party for p in parts):
        out.extend(consultation_lines(opinions))
    return out


def consultation_lines(opinions: Sequence[ThirdPartyOpinion]) -> list[str]:
    return [
        f"本机关已依照{REGULATION}第三十二条书面征求第三方（{o.party}）的意见，"
        + (
            f"第三方的意见为：{o.opinion.strip().rstrip('。')}。"
            if o.opinion.strip()
            else "第三方逾期未提出意见，由本机关依照条例的规定作出决定。"
        )
        for o in opinions
    ]


_NUMERALS: Final = "一二三四五六七八九十"


def _number(index: int) -> str:
    return f"（{_NUMERALS[index - 1]}）" if index <= len(_NUMERALS) else f"（{index}）"
