from dataclasses import replace
from decimal import Decimal

from gongkai.report.model import Overview, Report, Sections
from gongkai_web.annual_reports import checks, narrative


def test_it_expands_tokens_and_leaves_unknown_ones_visible():
    values = {"media.posts": 2135, "table2.fees": Decimal("3.10"), "table3.new[6]": 0}
    text = "推送{{media.posts}}条，收费{{ table2.fees }}万元，新收{{table3.new[6]}}件，{{x.y}}"

    assert narrative.expand(text, values) == "推送2135条，收费3.1万元，新收0件，{{x.y}}"
    assert narrative.unknown_tokens(text, values) == ["x.y"]


def test_it_splits_the_text_into_pieces_with_their_token():
    pieces = narrative.split("共{{media.posts}}条。", {"media.posts": 7})

    assert pieces == [("共", None), ("7", "media.posts"), ("条。", None)]


def test_it_scores_copied_text_near_one_and_different_text_near_zero():
    last = "一是强化领导机制，优化政务公开工作领导小组。二是深化培训体系，定期组织学习。"

    assert narrative.similarity(last, last.replace("2023", "2024")) == 1.0
    assert narrative.similarity(last, "本年度重点推进教育领域基层政务公开标准化规范化建设。") < 0.1
    assert narrative.similarity("", last) == 0.0


def test_it_warns_when_a_part_is_copied_from_last_year(settings):
    settings.GONGKAI_REPORT_SIMILARITY_WARN = 0.5
    text = "一是强化领导机制，优化政务公开工作领导小组。二是深化培训体系，定期组织学习。"
    last = Report(agency="甲", year=2023, sections=Sections(overview=Overview(oversight=text)))
    this = replace(last, year=2024)

    found = checks.similar(this, last)

    assert [(f.rule, f.where, f.severity) for f in found] == [
        ("SIMILAR", "sections.oversight", "warning")
    ]
    assert "100%" in found[0].message


def test_it_prefills_the_statutory_statements_with_tokens():
    parts = narrative.prefill("新华区教育局", 2024)

    assert "统计期限自2024年1月1日起至2024年12月31日止" in parts["preamble"]
    assert "{{media.accounts_open}}" in parts["platforms"]
    assert "{{cases.fee_yuan}}" in parts["other"]
    assert set(parts) == set(narrative.PART_KEYS)
