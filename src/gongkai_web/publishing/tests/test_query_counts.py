"""The portal's pages cost the same number of SQL queries however many entries (or
attachments) they show: a query per row would make a busy catalogue slow exactly when the
public reads it most."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai_web.publishing import services
from gongkai_web.publishing.tests.conftest import a_pdf

ON = dt.date(2024, 3, 1)


def queries_for(client, url: str) -> int:
    client.get(url)  # warm up anything cached per process
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured.captured_queries)


@pytest.fixture
def thirty_more(make_published):
    def publish() -> None:
        for n in range(30):
            make_published(on=ON, formed_on=ON, title=f"关于做好开学工作的通知（{n}）")

    return publish


@pytest.mark.parametrize(
    "url, shown",
    [
        ("/gk/agency/{agency}/", "全部信息（共 31 条）"),
        ("/gk/search/?q=开学", "找到 31 条结果"),
        ("/gk/search/?q=开学&agency={agency}", "找到 31 条结果"),
        ("/gk/feed/", "（29）"),
        ("/gk/api/entries/", '"count": 31'),
        ("/gk/api/entries/?agency={agency}", '"count": 31'),
    ],
    ids=["agency-all", "search", "search-by-agency", "atom-feed", "json-list", "json-by-agency"],
)
def test_it_lists_entries_with_a_fixed_number_of_queries(
    client, desk, make_published, thirty_more, django_assert_num_queries, url, shown
):
    url = url.format(agency=desk.agency.pk)
    make_published(on=ON, formed_on=ON, title="关于做好开学工作的通知")
    one = queries_for(client, url)
    thirty_more()
    client.get(url)
    with django_assert_num_queries(one):
        response = client.get(url)
    assert shown in response.content.decode()


def test_it_shows_an_entry_with_a_fixed_number_of_queries_whatever_its_attachments(
    client, desk, make_published, django_assert_num_queries
):
    def with_attachments(count: int) -> str:
        entry = desk.draft(title=f"附有 {count} 个附件的通知", formed_on=ON)
        for n in range(count):
            services.attach(
                actor=desk.actor("jiaoyu_clerk"), entry=entry, name=f"附件{n + 1}.pdf",
                data=a_pdf(n),
            )  # fmt: skip
        return f"/gk/entry/{desk.publish(entry, on=ON).pk}/"

    one = queries_for(client, with_attachments(1))
    five = with_attachments(5)
    client.get(five)
    with django_assert_num_queries(one):
        response = client.get(five)
    assert "附件5.pdf" in response.content.decode()
