"""Each outcome row of table 三 has its dispositions and the articles its letter cites."""

import pytest

from gongkai.cases.numbering import LetterNumber, LetterNumberError, next_number
from gongkai.cases.outcomes import (
    ROW_DISPOSITIONS,
    Disposition,
    Outcome,
    OutcomeError,
    disposition_for_row,
)
from gongkai.report.format2021 import OUTCOME_KEYS


def test_it_maps_every_outcome_row_to_at_least_one_disposition() -> None:
    # Rows 3–23 of the table: 21 outcome rows (the "22" counts the 总计 row too).
    assert len(OUTCOME_KEYS) == 21
    assert all(ROW_DISPOSITIONS[row] for row in OUTCOME_KEYS)
    assert {d.row for d in Disposition} == set(OUTCOME_KEYS)


@pytest.mark.parametrize(
    ("disposition", "article"),
    [
        (Disposition.GRANTED, "第三十六条第（二）项"),
        (Disposition.ALREADY_PUBLIC, "第三十六条第（一）项"),
        (Disposition.PARTIAL, "第三十七条"),
        (Disposition.STATE_SECRET, "第十四条"),
        (Disposition.THIRD_PARTY, "第十五条"),
        (Disposition.INTERNAL_AFFAIRS, "第十六条第一款"),
        (Disposition.PROCESS_INFO, "第十六条第二款"),
        (Disposition.NOT_EXIST, "第三十六条第（四）项"),
        (Disposition.NOT_OURS, "第三十六条第（五）项"),
        (Disposition.NEED_CREATE, "第三十八条"),
        (Disposition.PETITION, "第三十九条第一款"),
        (Disposition.REPEAT, "第三十六条第（六）项"),
        (Disposition.MASS_REPEAT, "第三十五条"),
        (Disposition.NO_CORRECTION, "第三十条"),
    ],
)
def test_it_cites_the_article_of_the_regulation(disposition: Disposition, article: str) -> None:
    assert article in disposition.basis()
    assert disposition.basis().startswith("《中华人民共和国政府信息公开条例》")


def test_it_cites_the_fee_measures_for_an_unpaid_fee() -> None:
    assert "国办函〔2020〕109号" in Disposition.FEE_UNPAID.basis()
    assert Disposition.FEE_UNPAID.row == "other_2"


def test_it_requires_a_reason_for_other_3() -> None:
    with pytest.raises(OutcomeError, match="必须写明处理理由"):
        Outcome(Disposition.OTHER)
    assert Outcome(Disposition.OTHER, reason="申请人撤回申请").row == "other_3"


def test_it_requires_the_withheld_parts_and_reasons_for_partial_disclosure() -> None:
    with pytest.raises(OutcomeError, match="理由"):
        Outcome(Disposition.PARTIAL, withheld_parts="第3页")
    with pytest.raises(OutcomeError, match="不予公开的部分"):
        Outcome(Disposition.PARTIAL, reason="涉及个人隐私")
    outcome = Outcome(Disposition.PARTIAL, reason="涉及个人隐私", withheld_parts="第3页姓名")
    assert outcome.row == "partial"


def test_it_counts_one_outcome_in_exactly_one_row() -> None:
    for disposition in Disposition:
        assert sum(disposition in ROW_DISPOSITIONS[row] for row in OUTCOME_KEYS) == 1


def test_it_reads_the_usual_disposition_of_a_ledger_row() -> None:
    assert disposition_for_row("unable_1") is Disposition.NOT_EXIST
    assert disposition_for_row("granted") is Disposition.GRANTED
    with pytest.raises(OutcomeError, match="办理结果"):
        disposition_for_row("granted_partly")


def test_it_writes_and_reads_letter_numbers() -> None:
    number = next_number("新教公复", 2024, 2)
    assert str(number) == "新教公复〔2024〕3号"
    assert LetterNumber.parse("新教公复〔2024〕3号") == number
    with pytest.raises(LetterNumberError, match="格式不对"):
        LetterNumber.parse("新教公复[2024]3号")
    with pytest.raises(LetterNumberError):
        LetterNumber.parse("新教公复〔2024〕0号")
