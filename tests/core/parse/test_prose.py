"""Numbers the narrative states are checked against the tables (TEXT-TABLE warnings)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from gongkai.parse import parse_bytes
from gongkai.parse.prose import processing_fee, read_claims, text_table
from gongkai.report import load

ROOT = Path(__file__).resolve().parents[3]
SEED = load(ROOT / "src/gongkai/report/examples/xinhua-education-2024.json")


def test_it_reads_the_counts_the_narrative_states() -> None:
    claims = read_claims(["本年度共收到政府信息公开申请8件，上年结转2件，结转下年度继续办理1件。"])
    assert {(c.cells, int(c.value)) for c in claims} == {
        (("table3.new[6]",), 8),
        (("table3.carried[6]",), 2),
        (("table3.carry_next[6]",), 1),
    }


def test_it_reads_statements_of_none_as_zero() -> None:
    claims = read_claims(["全年没有因政府信息公开工作被申请行政复议、提起行政诉讼的情形。"])
    assert {c.cells for c in claims} == {("table4[4]",), ("table4[9]", "table4[14]")}
    assert all(c.value == 0 for c in claims)


def test_it_warns_when_the_narrative_and_the_table_disagree() -> None:
    claims = read_claims(["本年新收政府信息公开申请5件。"])
    [finding] = text_table(SEED, claims)
    assert finding.rule == "TEXT-TABLE"
    assert finding.severity.value == "warning"
    assert (finding.where, finding.found, finding.expected) == ("table3.new[6]", 0, 5)


def test_it_stays_silent_when_they_agree() -> None:
    t3 = {**SEED.table3, "new": (5, 0, 0, 0, 0, 0, 5)}
    assert list(text_table(replace(SEED, table3=t3), read_claims(["新收申请5件。"]))) == []


def test_it_reads_the_processing_fee_in_yuan() -> None:
    assert processing_fee(["依据规定，本年度实际收取信息处理费共计400元。"]) == 400
    assert processing_fee(["本年度没有产生政府信息公开处理费。"]) == 0


def test_it_reports_a_text_table_mismatch_in_a_parsed_report() -> None:
    text = (ROOT / "tests/fixtures/seed/xinhua-education-2024.txt").read_text(encoding="utf-8")
    text = text.replace("该年度未出现依申请公开的相关诉求。", "该年度共收到政府信息公开申请3件。")
    result = parse_bytes(text.encode())
    assert [f.rule for f in result.findings] == ["TEXT-TABLE"]
