"""Every XLSX the core writes prints as a ledger: A4, one page wide, the header on every page,
and as many pages as its rows need (the files are printed by LibreOffice Calc)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from gongkai.documents.ledger import Ledger, display_width, fit_widths, ledger_xlsx, lines_needed
from gongkai.media import documents as media
from gongkai.report.render.to_xlsx import render_xlsx
from gongkai.scoring.documents import (
    Commendation,
    CommendationList,
    ScoreSheet,
    commendation_xlsx,
    score_sheet_xlsx,
)
from gongkai.scoring.score import Period, by_person, by_unit, score, window
from gongkai.scoring.standard import AwardKind, parse_standard
from tests.core.report_samples import seed_report
from tests.core.test_media_bulletin import make_bulletin
from tests.core.test_scoring import SEED_LIKE, item
from tests.printing import Page, assert_page_setup, needs_calc, pages_needed, print_xlsx, squeeze


def long_list(n: int) -> CommendationList:
    return CommendationList(
        title="2024年度政务公开工作先进个人和集体名单",
        occasion="全区教育工作大会",
        entries=[
            Commendation("政务公开工作先进个人", f"先进{i}", f"新华区第{i}小学", "年终考核优秀")
            for i in range(1, n + 1)
        ],
        issuer="新华区教育局",
        made_on=dt.date(2025, 2, 1),
    )


def score_sheet() -> ScoreSheet:
    on = dt.date(2024, 3, 1)
    items = [item(AwardKind.ENTRY, on, unit=u, person=u * 10, pk=u) for u in range(1, 13)]
    lines = score(items, parse_standard(SEED_LIKE), *window(2024, Period.YEAR_END))
    return ScoreSheet(
        title="新华区教育局2024年年终政务公开量化考核得分表",
        standard="新华区教体系统新闻媒体发稿记分标准",
        window="2024年1月1日至2024年12月31日",
        units=by_unit(lines),
        people=by_person(lines),
        made_on=dt.date(2025, 1, 10),
    )


FILES = {
    "scores": score_sheet_xlsx(score_sheet()),
    "report": render_xlsx(seed_report()),
    "annex": media.bulletin_annex_xlsx(make_bulletin()),
    "commendations": commendation_xlsx(long_list(120)),
}


@pytest.fixture(scope="module")
def printed() -> dict[str, list[Page]]:
    return print_xlsx(FILES)


def test_it_measures_chinese_text_as_two_columns_a_character() -> None:
    assert display_width("新华区2024") == 10
    assert lines_needed("一" * 30, 21) == 3  # 60 columns in 20 usable a line
    assert fit_widths([("序号", "问题描述" * 30)], 2) == [6.0, 40.0]  # long text wraps at 40


def test_it_sets_up_every_sheet_for_a4_with_its_header_repeated() -> None:
    assert_page_setup(FILES["annex"])
    assert_page_setup(render_xlsx(seed_report()), header_rows={"表二": 1, "表三": 4, "表四": 4})
    assert_page_setup(FILES["commendations"])
    assert_page_setup(FILES["scores"])
    assert_page_setup(ledger_xlsx([Ledger("空", "空表", ("甲", "乙"), [])]))


@needs_calc
def test_it_prints_the_bulletin_annex_of_the_demo_on_one_landscape_page(printed) -> None:
    (page,) = printed["annex"]
    assert page.landscape
    text = squeeze(page.text)
    assert "附件：2024年第一季度政务新媒体检查情况问题账号清单" in text
    assert "序号主办单位平台账号名称问题类别问题描述整改期限" in text  # all seven columns
    assert "第1页共1页" in text


@needs_calc
def test_it_prints_a_long_list_with_its_header_on_every_page(printed) -> None:
    pages = printed["commendations"]
    assert len(pages) == pages_needed(FILES["commendations"]) > 1
    for number, page in enumerate(pages, start=1):
        text = squeeze(page.text)
        assert "序号荣誉称号受表彰个人或集体所在单位事由" in text, number
        assert f"第{number}页共{len(pages)}页" in text
    names = "".join(squeeze(p.text) for p in pages)
    assert all(f"先进{i}新华区第{i}小学" in names for i in range(1, 121))


@needs_calc
def test_it_prints_each_table_of_the_report_on_one_page(printed) -> None:
    pages = printed["report"]
    assert len(pages) == pages_needed(FILES["report"]) == 3  # each table on one page
    table2, table3, table4 = (squeeze(p.text) for p in pages)
    assert "二、主动公开政府信息情况" in table2
    assert pages[1].landscape and "自然人" in table3 and "总计" in table3
    assert "四、政府信息公开行政复议、行政诉讼情况" in table4


@needs_calc
def test_it_prints_each_score_table_on_one_page_with_its_approval_note(printed) -> None:
    units, people = (squeeze(p.text) for p in printed["scores"])
    assert "名次单位加分扣分得分记分条目" in units and "单位12" in units
    assert "名次姓名所在单位加分扣分得分记分条目" in people and "人120" in people
    assert "待审定" in units and "待审定" in people


def test_it_keeps_a_value_that_looks_like_a_formula_as_neutralised_text() -> None:
    data = ledger_xlsx([Ledger("表", "表", ("甲", "乙"), [("=1+1", "")])])
    book = load_workbook(io.BytesIO(data))
    # gongkai.sheets.neutralise, as every export: the quote is stripped again on import.
    assert (book.active["A3"].value, book.active["A3"].data_type) == ("'=1+1", "s")
    assert book.active["B3"].value in ("", None)
