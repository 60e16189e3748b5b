"""公开方式: only 主动公开 entries reach the public, though every reviewed entry is catalogued."""

import datetime as dt
import json

import pytest

from gongkai_web.publishing import selectors
from gongkai_web.publishing.models import Disclosure, Status
from gongkai_web.publishing.selectors import table2_for
from gongkai_web.publishing.tests.conftest import a_pdf

WORD = "课后托管"


@pytest.fixture
def withheld(desk, make_published):
    return make_published(
        on=dt.date(2024, 3, 4),
        formed_on=dt.date(2024, 3, 1),
        title=f"{WORD}经费内部测算表",
        summary=f"{WORD}经费测算过程。",
        body=f"{WORD}测算的内部过程稿。",
        disclosure=Disclosure.WITHHELD,
        withheld_reason="《条例》第十六条过程性信息",
        doc_kind="normative",
        issued_on=dt.date(2024, 3, 1),
    )


@pytest.mark.parametrize("disclosure", [Disclosure.WITHHELD, Disclosure.ON_REQUEST])
def test_it_catalogues_a_reviewed_non_proactive_entry_but_never_serves_it_publicly(
    client, desk, make_published, login_as, disclosure
):
    shown = make_published(
        on=dt.date(2024, 3, 4), formed_on=dt.date(2024, 3, 1), title=f"{WORD}工作通知"
    )
    hidden = make_published(
        on=dt.date(2024, 3, 4),
        formed_on=dt.date(2024, 3, 1),
        title=f"{WORD}经费内部测算表",
        body=f"{WORD}测算的内部过程稿。",
        disclosure=disclosure,
        withheld_reason="《条例》第十四条",
    )

    # It passed the four steps and holds its 索引号 in the office's catalogue.
    assert hidden.status == Status.PUBLISHED and hidden.index_number
    office = login_as("jiaoyu_clerk").get(f"/publishing/{hidden.pk}/").content.decode()
    assert hidden.index_number in office and "不在门户显示" in office

    assert client.get(f"/gk/entry/{hidden.pk}/").status_code == 404
    assert client.get(f"/gk/api/entries/{hidden.pk}/").status_code == 404
    for url in (
        f"/gk/agency/{desk.agency.pk}/",
        f"/gk/agency/{desk.agency.pk}/?category={desk.category.pk}",
        "/gk/",
        "/gk/feed/",
        f"/gk/search/?q={WORD}",
    ):
        page = client.get(url).content.decode()
        assert f"/gk/entry/{shown.pk}/" in page, url
        assert f"/gk/entry/{hidden.pk}/" not in page and "内部测算" not in page, url
    listed = json.loads(client.get("/gk/api/entries/").content)
    assert [item["id"] for item in listed["results"]] == [shown.pk]
    found = json.loads(client.get("/gk/api/entries/", {"q": WORD}).content)
    assert (found["count"], [item["id"] for item in found["results"]]) == (1, [shown.pk])
    assert [e.pk for e in selectors.search(WORD, selectors.SearchFilters()).entries] == [shown.pk]


def test_it_never_serves_the_attachment_of_a_non_proactive_entry(client, desk):
    from gongkai_web.publishing import services

    entry = desk.draft(disclosure=Disclosure.ON_REQUEST, withheld_reason="《条例》第十五条")
    services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="a.pdf", data=a_pdf())
    desk.publish(entry)
    assert client.get(f"/gk/attachment/{entry.attachments.get().pk}/").status_code == 404


def test_it_still_counts_a_non_proactive_normative_document_in_table2(desk, withheld):
    counts = table2_for(desk.agency, 2024).normative_documents
    assert (counts.issued, counts.repealed, counts.in_force) == (1, 0, 1)


def test_it_takes_entries_indexed_before_the_rule_out_of_the_search_index(desk, make_published):
    import importlib

    from django.apps import apps
    from django.db import connection

    from gongkai_web.publishing.models import Entry

    entry = make_published(title="课后托管经费内部测算表", disclosure=Disclosure.ON_REQUEST,
                           withheld_reason="《条例》第十四条")  # fmt: skip
    # As saved before index_entry left a non-proactive entry's columns empty.
    Entry.objects.filter(pk=entry.pk).update(search_title="课后 后托 托管", search_facets="zzv1")
    hits = "SELECT count(*) FROM publishing_entry_fts WHERE publishing_entry_fts MATCH '课后'"
    if connection.vendor == "postgresql":
        hits = "SELECT count(*) FROM publishing_entry WHERE search_vector @@ '课后'::tsquery"
    with connection.cursor() as cursor:
        cursor.execute(hits)
        assert cursor.fetchone()[0] == 1

        migration = importlib.import_module(
            "gongkai_web.publishing.migrations.0004_unindex_non_proactive"
        )
        migration.unindex(apps, None)

        cursor.execute(hits)
        assert cursor.fetchone()[0] == 0
