import datetime as dt
import re
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.publishing import search_text, timeliness
from gongkai.publishing.index_number import DEFAULT_TEMPLATE, IndexTemplate, TemplateError
from gongkai.publishing.table2 import Decision, DocKind, Document, ceased_on, table2, wan_yuan
from gongkai.publishing.wordcheck import DictionaryWord, Matcher, WordKind, segments
from gongkai.workdays import Calendar

CODE = "11130100MB0000000X"

# --- 错敏词 -------------------------------------------------------------------------------

DICTIONARY = [
    DictionaryWord("国务院办公厅", WordKind.SENSITIVE),
    DictionaryWord("办公厅", WordKind.SENSITIVE),
    DictionaryWord("国家教委", WordKind.OBSOLETE, "教育部"),
    DictionaryWord(
        "中华人民共和国政府信息公开条列", WordKind.WRONG, "中华人民共和国政府信息公开条例"
    ),
]


def test_it_finds_every_hit_with_its_position_and_suggestion():
    text = "根据国家教委和国务院办公厅的要求，执行《中华人民共和国政府信息公开条列》。"
    hits = Matcher(DICTIONARY).find(text)

    assert [(h.word, h.start, h.end) for h in hits] == [
        ("国家教委", 2, 6),
        ("国务院办公厅", 7, 13),
        ("办公厅", 10, 13),
        ("中华人民共和国政府信息公开条列", 20, 35),
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.word
    assert hits[0].message == "过时名称“国家教委”，建议改为“教育部”"
    assert hits[1].message == "敏感词“国务院办公厅”，请核实后再发布"


def test_it_finds_nothing_in_a_clean_text_and_with_an_empty_dictionary():
    assert Matcher(DICTIONARY).find("新华区教育局2024年工作要点") == []
    assert Matcher([]).find("国家教委") == []


def test_it_marks_overlapping_hits_once_for_display():
    text = "国务院办公厅通知"
    pieces = segments(text, Matcher(DICTIONARY).find(text))
    assert [(p.text, p.hit is not None) for p in pieces] == [
        ("国务院办公厅", True),
        ("通知", False),
    ]


@given(
    words=st.lists(st.text(alphabet="甲乙丙丁", min_size=1, max_size=3), max_size=8),
    text=st.text(alphabet="甲乙丙丁戊", max_size=40),
)
def test_it_agrees_with_a_naive_search(words, text):
    matcher = Matcher(DictionaryWord(w, WordKind.SENSITIVE) for w in words)
    found = {(h.start, h.word) for h in matcher.find(text)}
    expected = {(i, w) for w in set(words) for i in range(len(text)) if text.startswith(w, i)}
    assert found == expected


# --- 索引号 ------------------------------------------------------------------------------


def test_it_renders_the_default_index_number():
    template = IndexTemplate.parse(DEFAULT_TEMPLATE)
    assert template.render(credit_code=CODE, year=2024, month=3, serial=7) == f"{CODE}/2024-00007"


def test_it_renders_a_configured_template_with_organisation_code_and_month():
    template = IndexTemplate.parse("{组织机构代码}/{YYYY}{MM}-{NNN}")
    assert (
        template.render(credit_code=CODE, year=2024, month=3, serial=12) == "MB0000000/202403-012"
    )


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{统一社会信用代码}/{NNNNN}", "{YYYY}"),
        ("{统一社会信用代码}/{YYYY}", "流水号"),
        ("{YYYY}-{NNNNN}", "统一社会信用代码"),
        ("{统一社会信用代码}/{YYYY}-{序号}", "无法识别"),
        ("{统一社会信用代码}/{YYYY}-{NNNNN", "花括号不成对"),
        ("{统一社会信用代码}/YYYY}-{NNNNN}", "花括号不成对"),
    ],
)
def test_it_refuses_a_template_that_could_repeat_numbers(text, says):
    with pytest.raises(TemplateError) as caught:
        IndexTemplate.parse(text)
    assert says in caught.value.message


def test_it_refuses_a_serial_too_long_for_the_template():
    template = IndexTemplate.parse("{统一社会信用代码}/{YYYY}-{NN}")
    with pytest.raises(TemplateError):
        template.render(credit_code=CODE, year=2024, month=1, serial=100)


def test_it_passes_over_serials_whose_number_an_earlier_template_gave():
    # "{统一社会信用代码}/{YYYY}-{MM}{NNN}" gave serials 12 and 13 in July.
    given = {f"{CODE}/2024-07012", f"{CODE}/2024-07013"}
    template = IndexTemplate.parse(DEFAULT_TEMPLATE)
    found = template.next_free(
        credit_code=CODE, year=2024, month=9, after=7011, taken=given.__contains__
    )
    assert found == (7014, f"{CODE}/2024-07014")


def test_it_gives_the_next_serial_when_nothing_is_taken():
    template = IndexTemplate.parse(DEFAULT_TEMPLATE)
    found = template.next_free(credit_code=CODE, year=2025, month=1, after=0, taken=lambda n: False)
    assert found == (1, f"{CODE}/2025-00001")


def test_it_stops_passing_over_when_the_serial_outgrows_the_template():
    template = IndexTemplate.parse("{统一社会信用代码}/{YYYY}-{NN}")
    with pytest.raises(TemplateError, match="2 位"):
        template.next_free(credit_code=CODE, year=2024, month=1, after=97, taken=lambda n: True)


# --- search tokens ---------------------------------------------------------------------


def test_it_cuts_han_runs_into_overlapping_bigrams_and_keeps_latin_words():
    assert search_text.tokens("信息公开 GB/T 9704 年") == [
        "信息",
        "息公",
        "公开",
        "gb",
        "t",
        "9704",
        "年",
    ]


def test_it_builds_phrase_queries_for_sqlite_and_bigram_conjunctions_for_postgresql():
    query = search_text.parse_query("公开  招生入学 公开")
    assert query.fts5() == '"公开" AND "招生 生入 入学" AND "公开"'
    assert query.tsquery() == "'公开' & '招生' & '生入' & '入学'"
    assert query.tsquery("zzy2024") == "'公开' & '招生' & '生入' & '入学' & 'zzy2024'"
    assert search_text.parse_query("，。 ").is_empty


def test_it_tells_a_text_with_the_words_from_one_with_only_their_bigrams():
    terms = ("招生入学", "GB")
    assert search_text.contains_terms("2024年招生入学工作（gb/t）", terms)
    assert not search_text.contains_terms("招生，生入学校，入学 GB", terms)


@given(st.text(alphabet="信息公开申请学校招生入学，A1 ", max_size=40), st.data())
def test_it_finds_every_substring_by_its_bigrams(text, data):
    # What the PostgreSQL index promises: a text holding a word holds all its bigrams.
    stored = set(search_text.tokens(text))
    runs = [m.group(0) for m in re.finditer(r"[\u4e00-\u9fff]{2,}", text)]
    if runs:
        run = data.draw(st.sampled_from(runs))
        start = data.draw(st.integers(0, len(run) - 2))
        end = data.draw(st.integers(start + 2, len(run)))
        word = run[start:end]
        assert set(search_text.tokens(word)) <= stored
        assert search_text.contains_terms(text, (word,))


def test_it_highlights_every_occurrence_of_the_terms():
    pieces = search_text.highlight("依申请公开与主动公开", ("公开",))
    assert [(p.text, p.marked) for p in pieces] == [
        ("依申请", False),
        ("公开", True),
        ("与主动", False),
        ("公开", True),
    ]


# --- Art. 26 ---------------------------------------------------------------------------


def test_it_flags_publication_after_twenty_working_days():
    calendar = Calendar.shipped()
    # 2024-09-20 (Friday): the National Day week is off, two weekend days (9-29, 10-12) are
    # worked in exchange, so the 20th working day is 10-23.
    on_time = timeliness.check(
        calendar, formed_on=dt.date(2024, 9, 20), published_on=dt.date(2024, 10, 23)
    )
    assert on_time.due_on == dt.date(2024, 10, 23)
    assert not on_time.late and on_time.days_taken == 20
    late = timeliness.check(
        calendar, formed_on=dt.date(2024, 9, 20), published_on=dt.date(2024, 10, 24)
    )
    assert late.late and late.days_taken == 21
    assert "超过《条例》第二十六条" in late.message


# --- table 二 ---------------------------------------------------------------------------


def test_it_counts_table2_from_documents_and_registers():
    docs = [
        Document(DocKind.NORMATIVE, dt.date(2023, 5, 1)),
        Document(DocKind.NORMATIVE, dt.date(2024, 2, 1), repealed_on=dt.date(2025, 3, 1)),
        Document(DocKind.NORMATIVE, dt.date(2020, 1, 1), repealed_on=dt.date(2024, 6, 1)),
        Document(DocKind.REGULATION, dt.date(2024, 12, 31)),
        Document(DocKind.OTHER, dt.date(2024, 1, 1)),
    ]
    decisions = [(Decision.LICENSING, dt.date(2024, m, 1)) for m in range(1, 13)]
    decisions += [
        (Decision.LICENSING, dt.date(2023, 12, 31)),
        (Decision.PENALTY, dt.date(2024, 1, 2)),
    ]
    fees = [
        (Decimal("30000"), dt.date(2024, 3, 1)),
        (Decimal("1000.00"), dt.date(2024, 9, 1)),
        (Decimal(5), dt.date(2023, 1, 1)),
    ]

    t2 = table2(2024, documents=docs, decisions=decisions, fees=fees)

    assert (
        t2.normative_documents.issued,
        t2.normative_documents.repealed,
        t2.normative_documents.in_force,
    ) == (1, 1, 2)
    assert (t2.regulations.issued, t2.regulations.in_force) == (1, 1)
    assert (t2.licensing, t2.penalty, t2.coercion) == (12, 1, 0)
    assert t2.fees == Decimal("3.1")

    next_year = table2(2025, documents=docs, decisions=[], fees=[])
    assert (
        next_year.normative_documents.issued,
        next_year.normative_documents.repealed,
        next_year.normative_documents.in_force,
    ) == (0, 1, 1)


def test_it_takes_a_document_as_ceased_on_its_repeal_or_expiry_but_not_on_a_planned_end():
    may, june = dt.date(2024, 5, 1), dt.date(2024, 6, 1)
    assert ceased_on("expired", june, None) == june
    assert ceased_on("repealed", june, None) == june
    assert ceased_on("repealed", june, may) == may
    assert ceased_on("valid", june, None) is None
    assert ceased_on("valid", None, may) == may


def test_it_keeps_every_yuan_in_the_wan_yuan_sum():
    assert wan_yuan([Decimal("1")]) == Decimal("0.0001")
    assert wan_yuan([]) == 0


def test_a_category_may_set_another_limit_in_working_or_calendar_days_or_realtime():
    calendar = Calendar.shipped()
    three = timeliness.TimeLimit(3, timeliness.LimitUnit.WORKING, "基层政务公开标准目录")
    # Formed on Friday 2024-09-27: 9-29 (Sunday) is worked in exchange for National Day.
    assert three.due(calendar, dt.date(2024, 9, 27)) == dt.date(2024, 10, 8)
    twenty = timeliness.TimeLimit(20, timeliness.LimitUnit.CALENDAR, "批复后20日")
    assert twenty.due(calendar, dt.date(2024, 9, 27)) == dt.date(2024, 10, 17)
    now = timeliness.TimeLimit(0, timeliness.LimitUnit.REALTIME, "实时")
    late = timeliness.check(
        calendar, formed_on=dt.date(2024, 6, 3), published_on=dt.date(2024, 6, 4), limit=now
    )
    assert late.late and "实时公开" in late.message


def test_it_says_when_an_unpublished_entry_is_due_soon_or_overdue():
    calendar = Calendar.shipped()
    state = timeliness.due_state
    formed = dt.date(2024, 6, 3)
    assert state(calendar, formed_on=formed, today=dt.date(2024, 6, 4))[0].label == "未到期"
    assert state(calendar, formed_on=formed, today=dt.date(2024, 6, 27))[0].label == "即将超期"
    assert (
        state(calendar, formed_on=formed, today=dt.date(2024, 7, 3))[0].label == "已超期"
    )  # due 7-2 (端午 off)
