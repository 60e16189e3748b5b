"""The ground of each withheld part (条例 Arts. 14–16, 37) and the Art. 32 consultation."""

from __future__ import annotations

import pytest

from gongkai.cases.grounds import (
    Ground,
    GroundError,
    ThirdPartyOpinion,
    WithheldPart,
    articles,
    basis,
    lines,
    parts_from,
)
from gongkai.cases.outcomes import Disposition

QUOTE = WithheldPart("投标人报价明细", Ground.TRADE_SECRET)
DRAFT = WithheldPart("内部讨论记录", Ground.PROCESS_INFO)


def test_it_cites_art_37_with_the_article_of_each_ground_in_order() -> None:
    assert articles(Disposition.PARTIAL, [DRAFT, QUOTE], consulted=False) == (
        "第十五条",
        "第十六条第二款",
        "第三十七条",
    )


def test_it_cites_art_32_when_the_third_party_was_consulted() -> None:
    assert basis(Disposition.PARTIAL, [QUOTE], consulted=True) == (
        "《中华人民共和国政府信息公开条例》第十五条、第三十二条、第三十七条"
    )
    assert "第三十二条" not in basis(Disposition.PARTIAL, [DRAFT], consulted=True)


def test_it_keeps_the_articles_of_a_whole_refusal() -> None:
    assert articles(Disposition.STATE_SECRET, [], consulted=False) == (
        "第十四条",
        "第三十六条第（三）项",
    )


def test_it_names_each_part_with_its_ground_and_the_consultation() -> None:
    written = lines([QUOTE, DRAFT], [ThirdPartyOpinion("某建材有限公司", "不同意公开。")])
    assert written == [
        "（一）投标人报价明细：涉及第三方商业秘密，公开会对第三方合法权益造成损害，"
        "依据《中华人民共和国政府信息公开条例》第十五条不予公开。",
        "（二）内部讨论记录：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，"
        "依据《中华人民共和国政府信息公开条例》第十六条第二款不予公开。",
        "本机关已依照《中华人民共和国政府信息公开条例》第三十二条书面征求第三方（某建材有限公司）"
        "的意见，第三方的意见为：不同意公开。",
    ]


def test_it_says_when_the_third_party_did_not_answer() -> None:
    (_, consultation) = lines([QUOTE], [ThirdPartyOpinion("某公司", "")])
    assert "第三方逾期未提出意见" in consultation


def test_it_reads_the_rows_of_the_form() -> None:
    assert parts_from([("投标人报价明细", "trade_secret"), ("", "")]) == (QUOTE,)
    with pytest.raises(GroundError, match="须从列表中选择不予公开的理由"):
        parts_from([("联系电话", "")])
    with pytest.raises(GroundError, match="不在列表中"):
        parts_from([("联系电话", "because")])
    with pytest.raises(GroundError, match="是哪一部分"):
        parts_from([("", "privacy")])
