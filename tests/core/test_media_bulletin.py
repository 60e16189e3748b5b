import datetime as dt
import io
import re
import zipfile

import pytest
from docx import Document
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from gongkai.media import bulletin, documents, wording
from gongkai.media.patrol import AccountActivity, patrol
from gongkai.media.sweep import (
    AccountRecord,
    Category,
    PostRecord,
    duplicates,
    registry_gaps,
    sweep,
)
from gongkai.publishing.wordcheck import DictionaryWord, Matcher, WordKind

ON = dt.date(2024, 3, 31)


def account(i, name, platform="微信公众号", unit=None, **kw):
    defaults = dict(
        handle=f"gh_{i}",
        supervisor="新华区教育局",
        responsible="张三",
        operator="李四",
        verified=True,
        filing_no=f"BA{i}",
    )
    defaults.update(kw)
    return AccountRecord(i, name, platform, unit or f"单位{i}", **defaults)


ACCOUNTS = [
    account(1, "新华教育"),
    account(2, "实验小学", unit="新华区实验小学"),
    account(3, "一中微博", platform="微博"),
    account(4, "二中", handle="", verified=False),
]


def week_problems():
    activity = [
        AccountActivity(1, ON - dt.timedelta(days=2)),
        AccountActivity(2, ON - dt.timedelta(days=15)),
        AccountActivity(3, ON - dt.timedelta(days=120)),
        AccountActivity(4, ON - dt.timedelta(days=1)),
    ]
    posts = [
        PostRecord(
            10, 1, "工作动态", "截止目前已完成", dt.datetime(2024, 3, 29, 9, tzinfo=dt.UTC), True
        ),
        PostRecord(11, 4, "通知", "正文", dt.datetime(2024, 3, 30, 9, tzinfo=dt.UTC), False),
    ]
    return sweep(
        patrol=patrol(activity, ON),
        accounts=ACCOUNTS,
        posts=posts,
        dictionary=Matcher([DictionaryWord("截止目前", WordKind.WRONG, "截至目前")]),
    )


def test_it_sweeps_patrol_wording_review_and_registry_problems():
    found = {(p.category, p.account_id) for p in week_problems()}
    assert found == {
        (Category.NOT_UPDATED, 2),
        (Category.ZOMBIE, 3),
        (Category.WORDING, 1),
        (Category.REVIEW_MISSING, 4),
        (Category.REGISTRY, 4),
    }
    wording = next(p for p in week_problems() if p.category is Category.WORDING)
    assert "截至目前" in wording.detail and wording.post_id == 10


def test_it_names_the_missing_registry_fields_and_warns_of_two_accounts_on_one_platform():
    assert registry_gaps(ACCOUNTS[3]) == ["账号ID", "平台认证"]
    twins = [
        account(5, "甲", unit="同一单位"),
        account(6, "乙", unit="同一单位"),
        account(7, "丙", unit="同一单位", platform="抖音"),
    ]
    assert [[a.account_id for a in g] for g in duplicates(twins)] == [[5, 6]]


def make_bulletin():
    return bulletin.build(
        issuer="新华区教育局",
        year=2024,
        quarter=1,
        accounts=ACCOUNTS,
        problems=week_problems(),
        issued_on=dt.date(2024, 4, 8),
        deadline=dt.date(2024, 4, 30),
    )


def test_it_counts_the_qualified_rate_by_single_veto_accounts():
    made = make_bulletin()
    assert (made.checked, made.failed, made.qualified_rate) == (4, 2, "50.0%")
    assert made.window == (dt.date(2024, 1, 1), dt.date(2024, 3, 31))
    assert made.title == "关于2024年第一季度政务新媒体检查情况的通报"
    assert [(r.platform, r.checked, r.failed, r.qualified_rate) for r in made.platforms] == [
        ("微信公众号", 3, 1, "66.7%"),
        ("微博", 1, 1, "0.0%"),
    ]
    assert made.failing_names == ("一中微博", "实验小学")


def test_it_groups_problems_by_category_and_names_the_accounts_in_the_text():
    text = "\n".join(t for _, t in bulletin.paragraphs(make_bulletin()))
    assert "总体合格率为50.0%" in text
    assert "（一）更新不及时（超过2周未更新）" in text
    assert "新华区实验小学“实验小学”（微信公众号）：15天未更新（最近一次：2024年3月16日）" in text
    assert "2024年4月30日前完成整改" in text
    assert "1.对照问题清单逐项整改" in text


def test_it_writes_figures_and_dates_in_the_text_as_chinese_prose_does():
    text = "\n".join(t for _, t in bulletin.paragraphs(make_bulletin()))
    assert not re.search(r"\d{4}-\d{2}-\d{2}", text)  # no ISO date
    assert not re.search(r"[\u4e00-\u9fff] +\d|\d +[\u4e00-\u9fff]", text)  # no spaced figure
    assert (
        wording.tidy("19 天未更新（最近一次：2024-03-01）")
        == "19天未更新（最近一次：2024年3月1日）"
    )
    assert wording.tidy("版本 2024-13-01") == "版本2024-13-01"  # not a date: kept


def test_it_demands_no_rectification_when_nothing_was_found():
    made = bulletin.build(
        issuer="新华区教育局",
        year=2024,
        quarter=1,
        accounts=ACCOUNTS,
        problems=[],
        issued_on=dt.date(2024, 4, 8),
        deadline=dt.date(2024, 4, 30),
    )
    text = "\n".join(t for _, t in bulletin.paragraphs(made))
    assert "本次检查未发现问题。" in text
    assert "整改" not in text and "问题清单" not in text
    assert not made.annex
    body = Document(io.BytesIO(documents.bulletin_docx(made)))
    assert not any(p.text.startswith("附件") for p in body.paragraphs)


def test_it_breaks_the_title_so_that_the_second_line_is_not_the_word_bulletin_alone():
    assert make_bulletin().title_lines == ("关于2024年第一季度政务新媒体", "检查情况的通报")


def test_it_refuses_a_document_number_not_written_as_gbt_9704_asks():
    for bad in ("新教通[2024]3号", "新教通〔2024〕03号", "新教通〔24〕3号", "新教通〔2024〕第3号"):
        with pytest.raises(ValueError, match="发文字号"):
            replace_build(number=bad)
    assert replace_build(number="新教通〔2024〕3号").number == "新教通〔2024〕3号"


def replace_build(**kw):
    args = dict(
        issuer="新华区教育局",
        year=2024,
        quarter=1,
        accounts=ACCOUNTS,
        problems=week_problems(),
        issued_on=dt.date(2024, 4, 8),
        deadline=dt.date(2024, 4, 30),
    )
    return bulletin.build(**(args | kw))


def test_it_refuses_a_deadline_before_the_bulletin_and_a_bad_quarter():
    with pytest.raises(ValueError, match="整改期限"):
        bulletin.build(
            issuer="x",
            year=2024,
            quarter=1,
            accounts=[],
            problems=[],
            issued_on=dt.date(2024, 4, 8),
            deadline=dt.date(2024, 4, 1),
        )
    with pytest.raises(ValueError, match="季度应为 1–4"):
        bulletin.quarter_window(2024, 5)
    assert bulletin.quarter_window(2024, 4) == (dt.date(2024, 10, 1), dt.date(2024, 12, 31))


def test_it_writes_the_bulletin_docx_on_a4_naming_the_failing_account():
    data = documents.bulletin_docx(
        replace_build(number="新教通〔2024〕3号", copy_to="区政务公开办")
    )
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        body = docx.read("word/document.xml").decode()
        styles = docx.read("word/styles.xml").decode()
    assert "实验小学" in body and "一中微博" in body
    assert 'w:w="11906"' in body and 'w:h="16838"' in body  # A4 in twips
    assert 'w:eastAsia="仿宋_GB2312"' in styles  # the report's GB/T 9704 styles
    assert '<w:pStyle w:val="Heading1"/>' in body
    assert "2024年4月8日" in body
    doc = Document(io.BytesIO(data))
    texts = [p.text for p in doc.paragraphs]
    assert texts[0] == "新华区教育局文件" and "新教通〔2024〕3号" in texts  # 版头 (7.2)
    assert "关于2024年第一季度政务新媒体\n检查情况的通报" in texts
    assert "附件：2024年第一季度政务新媒体检查情况问题账号清单" in texts  # 7.3.4
    # 版记 (7.4): a text box at the foot of the last page, anchored after the date.
    W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = doc.paragraphs[-1]._p.findall(f".//{{{W}}}txbxContent")
    assert [Paragraph(p, None).text for p in box[0].findall(f"./{{{W}}}tbl//{{{W}}}p")] == [
        "抄送：区政务公开办。",
        "新华区教育局办公室\t2024年4月8日印发",
    ]


def test_it_writes_the_annex_of_problem_accounts():
    book = load_workbook(io.BytesIO(documents.bulletin_annex_xlsx(make_bulletin())))
    rows = list(book["问题账号清单"].iter_rows(values_only=True))
    assert rows[1] == documents.ANNEX_HEADERS
    assert len(rows) == 2 + len(week_problems())
    assert rows[2][3] == "实验小学" and rows[2][6] == "2024年4月30日"
