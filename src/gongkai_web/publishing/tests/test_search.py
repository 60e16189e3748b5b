import datetime as dt

import pytest
from django.db import connection

from gongkai_web.publishing.selectors import SearchFilters, search


@pytest.fixture
def catalogue(desk, make_published):
    a = make_published(
        on=dt.date(2024, 3, 1),
        formed_on=dt.date(2024, 3, 1),
        title="政府信息公开申请办理须知",
        summary="如何提出申请。",
        body="申请人可以通过网上平台提出申请。",
    )
    b = make_published(
        on=dt.date(2025, 3, 1),
        formed_on=dt.date(2025, 3, 1),
        title="新华区2025年义务教育招生入学工作方案",
        summary="招生入学的时间安排。",
        body="适龄儿童按学区入学。",
    )
    c = make_published(
        on=dt.date(2024, 6, 1),
        formed_on=dt.date(2024, 6, 1),
        title="部门预算公开",
        summary="公开2024年部门预算。",
        body="三公经费预算。",
    )
    draft = desk.draft(title="未公开的申请材料")
    return a, b, c, draft


def titles(result):
    return [e.title for e in result.entries]


def test_it_finds_two_character_words(catalogue):
    a, _b, c, _ = catalogue
    assert set(titles(search("公开", SearchFilters()))) == {a.title, c.title}
    assert titles(search("申请", SearchFilters())) == [a.title]  # the draft is not searchable


def test_it_requires_every_term_and_matches_substrings_only(catalogue):
    _a, b, _c, _ = catalogue
    assert titles(search("招生入学 学区", SearchFilters())) == [b.title]
    assert titles(search("入学招生", SearchFilters())) == []
    assert search("，，", SearchFilters()).query.is_empty


def test_it_ranks_a_title_match_above_a_body_match(desk, make_published):
    body_only = make_published(
        on=dt.date(2024, 1, 2),
        formed_on=dt.date(2024, 1, 2),
        title="通知一",
        body="本通知涉及督导工作。",
    )
    in_title = make_published(
        on=dt.date(2024, 1, 3),
        formed_on=dt.date(2024, 1, 1),
        title="督导工作报告",
        body="全年情况。",
    )
    assert titles(search("督导", SearchFilters())) == [in_title.title, body_only.title]


def test_it_filters_by_year_category_and_validity(desk, catalogue):
    from gongkai_web.publishing import services

    _a, b, c, _ = catalogue
    assert titles(search("公开", SearchFilters(year=2024, agency_id=desk.agency.pk))) != []
    assert titles(search("招生", SearchFilters(year=2024))) == []
    assert titles(search("招生", SearchFilters(category_id=desk.category.pk))) == [b.title]
    assert titles(search("招生", SearchFilters(category_id=desk.category.pk + 999))) == []
    services.repeal(
        actor=desk.actor("jiaoyu_clerk"), entry=c, on=dt.date(2025, 1, 1), validity="expired"
    )
    assert titles(search("公开", SearchFilters(validity="expired"))) == [c.title]


def test_it_highlights_matches_on_the_search_page(client, catalogue):
    page = client.get("/gk/search/", {"q": "申请"}).content.decode()
    assert "找到 1 条结果" in page
    assert "<mark>申请</mark>" in page


def test_it_finds_an_entry_through_the_parent_of_its_category(desk, make_published):
    from gongkai_web.publishing import services

    child = services.create_category(
        actor=desk.actor("jiaoyu_clerk"),
        agency=desk.agency,
        name="规范性文件",
        parent=desk.category,
    )
    entry = make_published(
        on=dt.date(2024, 2, 1), formed_on=dt.date(2024, 2, 1), title="学籍管理办法", category=child
    )
    assert titles(search("学籍", SearchFilters(category_id=desk.category.pk))) == [entry.title]
    assert titles(
        search("学籍", SearchFilters(category_id=child.pk, year=2024, validity="valid"))
    ) == [entry.title]


def test_it_drops_a_withdrawn_entry_from_the_index(desk, make_published):
    from gongkai_web.publishing import services

    entry = make_published(
        on=dt.date(2024, 2, 1), formed_on=dt.date(2024, 2, 1), title="撤回测试通知"
    )
    assert titles(search("撤回", SearchFilters())) == [entry.title]
    services.withdraw(actor=desk.actor("jiaoyu_clerk"), entry=entry, reason="内容有误")
    assert titles(search("撤回", SearchFilters())) == []


sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="SQLite's bm25 ranking over the newest window"
)
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's title-then-newest tiers"
)


@sqlite_only
def test_it_ranks_within_the_newest_hits_when_there_are_too_many(desk, make_published, monkeypatch):
    from gongkai_web.publishing import selectors

    old = make_published(
        on=dt.date(2023, 2, 1), formed_on=dt.date(2023, 2, 1), title="通知 通知 通知"
    )
    new = make_published(
        on=dt.date(2024, 2, 1), formed_on=dt.date(2024, 2, 1), title="一则通知", body="正文"
    )
    newer = make_published(
        on=dt.date(2024, 3, 1), formed_on=dt.date(2024, 3, 1), title="通知", body="通知全文"
    )
    assert titles(search("通知", SearchFilters())) == [old.title, newer.title, new.title]
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    result = search("通知", SearchFilters())
    assert result.windowed and result.total == 3
    assert titles(result) == [newer.title, new.title]


@postgresql_only
def test_it_lists_title_matches_then_body_matches_each_newest_first(
    desk, make_published, monkeypatch
):
    from gongkai_web.publishing import selectors

    old_title = make_published(
        on=dt.date(2023, 2, 1), formed_on=dt.date(2023, 2, 1), title="通知 通知 通知"
    )
    body = make_published(
        on=dt.date(2024, 6, 1), formed_on=dt.date(2024, 6, 1), title="公告", body="通知全文"
    )
    new_title = make_published(
        on=dt.date(2024, 3, 1), formed_on=dt.date(2024, 3, 1), title="一则通知", body="正文"
    )
    assert titles(search("通知", SearchFilters())) == [new_title.title, old_title.title, body.title]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 2)
    second = search("通知", SearchFilters(), page=2)
    assert second.total == 3 and titles(second) == [body.title]
    monkeypatch.setattr(selectors, "RANK_WINDOW", 2)
    capped = search("通知", SearchFilters(), page=9)
    assert capped.windowed and capped.pages == 1 and capped.page == 1
    assert not capped.ranks_newest_window
    # Counting stops one past the window: the total is then a lower bound.
    assert capped.total == 3 and capped.total_at_least
    assert titles(capped) == [new_title.title, old_title.title]


@postgresql_only
def test_it_pages_through_a_year_and_an_agency_whichever_way_it_reads_the_hits(
    desk, make_published, monkeypatch, client
):
    from gongkai_web.publishing import selectors

    made = [
        make_published(
            on=dt.date(year, month, 1),
            formed_on=dt.date(year, month, 1),
            title=f"{year}年{month}月通知" if month % 2 else f"{year}年{month}月公告",
            body="通知全文" if month % 2 == 0 else "正文",
        )
        for year in (2023, 2024, 2025)
        for month in (1, 2, 3, 4)
    ]
    agency = made[0].agency_id
    expected = ["2024年3月通知", "2024年1月通知", "2024年4月公告", "2024年2月公告"]
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    filters = SearchFilters(agency_id=agency, year=2024)
    # Few hits: read whole from the GIN index and sorted.
    first, second = search("通知", filters), search("通知", filters, page=2)
    assert titles(first) + titles(second) == expected and not first.total_at_least
    # "Many" hits (past the window): the date index is walked from the end of 2024.
    monkeypatch.setattr(selectors, "RANK_WINDOW", 3)
    many = search("通知", filters)
    assert titles(many) == expected[:3] and many.total_at_least
    page = client.get("/gk/search/", {"q": "通知"}).content.decode()
    assert "找到超过 3 条结果" in page


@postgresql_only
def test_it_shows_only_texts_holding_the_words_not_just_their_bigrams(desk, make_published):
    entry = make_published(
        on=dt.date(2024, 2, 1),
        formed_on=dt.date(2024, 2, 1),
        title="义务教育阶段学校收费公示",
        doc_number="新教发〔2024〕7号",
    )
    scattered = make_published(
        on=dt.date(2024, 3, 1),
        formed_on=dt.date(2024, 3, 1),
        title="教育情况",
        body="各阶段，育阶之外，学校收费",
    )
    assert titles(search("义务教育阶段", SearchFilters())) == [entry.title]
    assert titles(search("2024 新教发", SearchFilters())) == [entry.title]
    # 教育, 育阶 and 阶段 are all in the second text, but not 教育阶段.
    assert titles(search("教育阶段", SearchFilters())) == [entry.title]
    assert titles(search("学校收费", SearchFilters())) == [entry.title, scattered.title]
