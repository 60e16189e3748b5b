"""量化考核: the standard as data, checked with Chinese messages; the arithmetic over records."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from decimal import Decimal

import pytest
from docx import Document
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from gongkai.scoring.documents import (
    Commendation,
    CommendationList,
    ScoreSheet,
    commendation_docx,
    commendation_xlsx,
    score_sheet_docx,
    score_sheet_xlsx,
)
from gongkai.scoring.score import (
    ADJUSTMENT,
    Item,
    Period,
    Source,
    by_person,
    by_unit,
    score,
    total,
    window,
)
from gongkai.scoring.standard import (
    AwardKind,
    DeductionKind,
    OutletLevel,
    StandardError,
    parse_standard,
)

SEED_LIKE = {
    "name": "新华区教体系统新闻媒体发稿记分标准",
    "awards": {
        "post.own": "0.5",
        "entry.own": "1",
        "report.national": "10",
        "report.provincial": "5",
        "report.city": "3",
        "report.district": "2",
    },
    "deductions": {
        "patrol_problem": "2",
        "review_returned": "1",
        "late_reply": "5",
        "late_publication": "3",
    },
}


def item(kind, on, unit=1, person=None, level=OutletLevel.OWN, pk=1, points=None):
    return Item(
        source=Source("m.x", pk, f"记录{pk}", f"/x/{pk}/"),
        kind=kind,
        on=on,
        unit_id=unit,
        unit=f"单位{unit}",
        person_id=person,
        person=f"人{person}" if person else "",
        level=level,
        points=points,
    )


def test_it_reads_a_standard_and_gives_points_by_kind_and_outlet_level():
    standard = parse_standard(SEED_LIKE)
    assert standard.award(AwardKind.REPORT, OutletLevel.NATIONAL) == Decimal(10)
    assert standard.award(AwardKind.REPORT, OutletLevel.DISTRICT) == Decimal(2)
    assert standard.award(AwardKind.POST, OutletLevel.OWN) == Decimal("0.5")
    assert standard.deduction(DeductionKind.LATE_REPLY) == Decimal(5)
    assert parse_standard(standard.to_data()) == standard


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"name": ""}, "请填写记分标准的名称"),
        ({"awards": {"post.own": "abc"}}, "“政务新媒体发布信息”的分值“abc”不是数字"),
        ({"awards": {"report.city": "-3"}}, "不能为负数"),
        ({"awards": {"report.city": "300"}}, "超过上限 100 分"),
        ({"awards": {"report.city": "1.234"}}, "最多保留两位小数"),
        ({"awards": {"report.moon": "1"}}, "加分项“report.moon”不是可用的项目"),
        ({"deductions": {"typo": "1"}}, "扣分项“typo”不是可用的项目"),
        ({"awards": {}, "deductions": {}}, "至少要有一个不为零的加分项或扣分项"),
        ({"awards": ["post.own"]}, "格式不正确"),
    ],
)
def test_it_refuses_a_bad_standard_in_chinese(change, message):
    with pytest.raises(StandardError) as caught:
        parse_standard({**SEED_LIKE, **change})
    assert any(message in m for m in caught.value.messages), caught.value.messages


def test_it_reports_every_wrong_value_at_once():
    with pytest.raises(StandardError) as caught:
        parse_standard({"name": "", "awards": {"post.own": "x", "entry.own": "-1"}})
    assert len(caught.value.messages) == 3


def test_it_deducts_for_patrol_findings_late_replies_and_overdue_publication():
    standard = parse_standard(SEED_LIKE)
    day = dt.date(2024, 5, 1)
    lines = score(
        [
            item(AwardKind.POST, day, pk=1),
            item(AwardKind.REPORT, day, level=OutletLevel.PROVINCIAL, pk=2),
            item(DeductionKind.PATROL_PROBLEM, day, pk=3),
            item(DeductionKind.LATE_REPLY, day, pk=4),
            item(DeductionKind.LATE_PUBLICATION, day, pk=5),
        ],
        standard,
        *window(2024, Period.YEAR_END),
    )
    assert [ln.points for ln in lines] == [
        Decimal("0.5"),
        Decimal(5),
        Decimal(-2),
        Decimal(-5),
        Decimal(-3),
    ]
    assert [ln.rule for ln in lines][1:3] == ["新闻媒体刊发稿件（省级）", "巡查发现问题"]
    assert total(lines) == Decimal("-4.5")


def test_it_counts_mid_year_from_january_to_june_and_year_end_for_the_whole_year():
    assert window(2024, Period.MID_YEAR) == (dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    assert window(2024, Period.YEAR_END) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    standard = parse_standard(SEED_LIKE)
    items = [
        item(AwardKind.ENTRY, dt.date(2023, 12, 31), pk=1),
        item(AwardKind.ENTRY, dt.date(2024, 6, 30), pk=2),
        item(AwardKind.ENTRY, dt.date(2024, 7, 1), pk=3),
    ]
    mid = score(items, standard, *window(2024, Period.MID_YEAR))
    end = score(items, standard, *window(2024, Period.YEAR_END))
    assert [ln.source.pk for ln in mid] == [2]
    assert [ln.source.pk for ln in end] == [2, 3]


def test_it_ranks_units_and_people_with_shared_ranks_for_equal_totals():
    standard = parse_standard(SEED_LIKE)
    day = dt.date(2024, 3, 1)
    lines = score(
        [
            item(AwardKind.ENTRY, day, unit=1, person=7, pk=1),
            item(AwardKind.ENTRY, day, unit=2, person=8, pk=2),
            item(AwardKind.REPORT, day, unit=3, level=OutletLevel.CITY, pk=3),
            item(ADJUSTMENT, day, unit=2, person=8, pk=4, points=Decimal("-0.5")),
            item(ADJUSTMENT, day, unit=1, pk=5, points=Decimal("-0.5")),
        ],
        standard,
        *window(2024, Period.YEAR_END),
    )
    units = by_unit(lines)
    assert [(r.rank, r.name, r.total) for r in units] == [
        (1, "单位3", Decimal(3)),
        (2, "单位1", Decimal("0.5")),
        (2, "单位2", Decimal("0.5")),
    ]
    people = by_person(lines)
    assert [(r.rank, r.name, r.total) for r in people] == [
        (1, "人7", Decimal(1)),
        (2, "人8", Decimal("0.5")),
    ]


kinds = st.sampled_from(
    [k.value for k in AwardKind] + [k.value for k in DeductionKind] + [ADJUSTMENT]
)
items = st.lists(
    st.builds(
        item,
        kind=kinds,
        on=st.dates(dt.date(2023, 10, 1), dt.date(2025, 3, 1)),
        unit=st.integers(1, 4),
        person=st.one_of(st.none(), st.integers(1, 6)),
        level=st.sampled_from(list(OutletLevel)),
        pk=st.integers(1, 10_000),
        points=st.decimals(-10, 10, places=2),
    ),
    max_size=60,
)


@given(items, st.sampled_from(list(Period)))
def test_it_makes_every_total_the_sum_of_lines_each_with_its_source(drawn, period):
    standard = parse_standard(SEED_LIKE)
    start, end = window(2024, period)
    lines = score(drawn, standard, start, end)
    assert all(ln.source.model and ln.source.url and start <= ln.item.on <= end for ln in lines)
    assert all(ln.points for ln in lines)  # a zero line would be noise in the table
    units = by_unit(lines)
    assert sum((r.total for r in units), Decimal(0)) == total(lines)
    assert sum(r.lines for r in units) == len(lines)
    for row in units:
        mine = [ln for ln in lines if ln.item.unit_id == row.key]
        assert row.total == total(mine) == row.added + row.deducted
    personal = [ln for ln in lines if ln.item.person_id is not None]
    assert sum((r.total for r in by_person(lines)), Decimal(0)) == total(personal)
    ranks = [r.rank for r in units]
    assert ranks == sorted(ranks)


def test_it_writes_score_tables_and_commendations_that_open():
    standard = parse_standard(SEED_LIKE)
    day = dt.date(2024, 3, 1)
    lines = score(
        [item(AwardKind.ENTRY, day, unit=1, person=7, pk=1)],
        standard,
        *window(2024, Period.YEAR_END),
    )
    sheet = ScoreSheet(
        title="新华区教育局2024年年终政务公开量化考核得分表",
        standard=standard.name,
        window="2024年1月1日至2024年12月31日",
        units=by_unit(lines),
        people=by_person(lines),
        made_on=dt.date(2025, 1, 10),
    )
    doc = Document(io.BytesIO(score_sheet_docx(sheet)))
    assert doc.paragraphs[0].text == sheet.title
    assert doc.sections[0].page_width.mm == pytest.approx(210, abs=0.5)
    assert [c.text for c in doc.tables[0].rows[1].cells] == ["1", "单位1", "1", "0", "1", "1"]
    assert doc.tables[1].rows[1].cells[1].text == "人7"
    book = load_workbook(io.BytesIO(score_sheet_xlsx(sheet)))
    assert book["单位得分"]["B3"].value == "单位1"
    assert book["个人得分"]["F3"].value == 1
    assert score_sheet_docx(sheet) == score_sheet_docx(sheet)  # same input, same bytes
    assert "待审定：本表为计分结果" in "\n".join(p.text for p in doc.paragraphs)
    confirmed = replace(sheet, confirmed_by="周公开", confirmed_on=dt.date(2025, 1, 12))
    line = "已审定。审定人：周公开；审定日期：2025年1月12日。"
    assert line in [p.text for p in Document(io.BytesIO(score_sheet_docx(confirmed))).paragraphs]
    rows = load_workbook(io.BytesIO(score_sheet_xlsx(confirmed)))["个人得分"].iter_rows()
    assert line in [c.value for row in rows for c in row]
    listing = CommendationList(
        title="2024年度政务公开工作先进个人和集体名单",
        occasion="全区教育工作大会",
        entries=[Commendation("政务公开工作先进个人", "人7", "单位1", "年终考核第一名")],
        issuer="新华区教育局",
        made_on=dt.date(2025, 2, 1),
    )
    doc = Document(io.BytesIO(commendation_docx(listing)))
    assert doc.tables[0].rows[1].cells[2].text == "人7"
    assert load_workbook(io.BytesIO(commendation_xlsx(listing)))["表彰名单"]["C3"].value == "人7"
