"""The public reads the decision and fee registers on the portal, a person's name masked."""

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.publishing.registers import DecisionRow
from gongkai_web.audit.services import SYSTEM
from gongkai_web.publishing import services
from gongkai_web.publishing.public_registers import PAGE_SIZE


def decide(agency, kind, number, party, party_kind, on, decision="警告", matter="校外培训"):
    row = DecisionRow(number, party, party_kind, on, matter, decision)
    services.add_decisions(actor=SYSTEM, agency=agency, kind=kind, rows=[row])


def test_it_shows_decisions_with_a_natural_persons_name_masked(client, desk):
    decide(desk.agency, "penalty", "新教罚〔2024〕1号", "张小明", "person", dt.date(2024, 3, 15),
           decision="对张小明给予警告")  # fmt: skip
    decide(desk.agency, "penalty", "新教罚〔2024〕2号", "新华区某培训学校", "organisation",
           dt.date(2024, 4, 2), decision="罚款5000元")  # fmt: skip
    decide(desk.agency, "licensing", "新教许〔2024〕1号", "李四", "person", dt.date(2024, 5, 6))

    page = client.get(f"/gk/agency/{desk.agency.pk}/registers/penalty/").content.decode()

    assert "新教罚〔2024〕1号" in page and "张**" in page and "对张**给予警告" in page
    assert "张小明" not in page
    assert "新华区某培训学校" in page and "罚款5000元" in page
    assert "新教许〔2024〕1号" not in page and "共 2 件" in page


def test_it_opens_on_the_licensing_register_and_filters_by_year(client, desk):
    decide(desk.agency, "licensing", "许1", "王五", "person", dt.date(2023, 5, 6))
    decide(desk.agency, "licensing", "许2", "某公司", "organisation", dt.date(2024, 5, 6))
    url = f"/gk/agency/{desk.agency.pk}/registers/"
    page = client.get(url).content.decode()
    assert "行政许可决定公示" in page and "王*" in page and "某公司" in page
    page = client.get(url, {"year": "2024"}).content.decode()
    assert "许2" in page and "许1" not in page and "2024 年共 1 件" in page


def test_it_shows_the_fees_with_their_total(client, desk):
    for amount, on in (("120.50", dt.date(2024, 3, 1)), ("79.50", dt.date(2024, 6, 1))):
        services.add_fee(
            actor=SYSTEM, agency=desk.agency, item="信息处理费", basis="国办函〔2020〕109号",
            amount=amount, collected_on=on,
        )  # fmt: skip
    page = client.get(f"/gk/agency/{desk.agency.pk}/registers/fees/").content.decode()
    assert "行政事业性收费公示" in page and "共 2 笔，合计 200.00 元" in page
    assert "国办函〔2020〕109号" in page


def test_it_pages_with_a_fixed_number_of_queries(client, desk, django_assert_num_queries):
    decide(desk.agency, "penalty", "罚0", "赵一", "person", dt.date(2024, 1, 1))
    url = f"/gk/agency/{desk.agency.pk}/registers/penalty/"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    rows = [
        DecisionRow(f"罚{n}", f"钱{n}", "person", dt.date(2024, 2, 1), "", "警告")
        for n in range(1, PAGE_SIZE * 2 + 5)
    ]
    services.add_decisions(actor=SYSTEM, agency=desk.agency, kind="penalty", rows=rows)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"page": 2})
    page = response.content.decode()
    assert "第 2 / 3 页" in page and page.count("<tr><td>罚") == PAGE_SIZE
    assert "钱1" not in page


def test_it_refuses_an_unknown_register_or_agency(client, desk):
    assert client.get(f"/gk/agency/{desk.agency.pk}/registers/secrets/").status_code == 404
    assert client.get("/gk/agency/99999/registers/").status_code == 404


def test_it_links_the_registers_and_the_online_application_from_the_portal(client, desk):
    services.publish_guide(actor=desk.actor("jiaoyu_clerk"), agency=desk.agency)
    catalogue = client.get(f"/gk/agency/{desk.agency.pk}/").content.decode()
    assert f'href="/gk/agency/{desk.agency.pk}/registers/"' in catalogue
    assert f'href="/gk/agency/{desk.agency.pk}/registers/fees/"' in catalogue
    assert 'href="/apply/"' in client.get("/gk/").content.decode()
    # An agency's own pages open the form with that agency chosen.
    own = f'href="/apply/?agency={desk.agency.pk}"'
    for url in (f"/gk/agency/{desk.agency.pk}/", f"/gk/agency/{desk.agency.pk}/guide/"):
        page = client.get(url).content.decode()
        assert own in page and "依申请公开" in page, url
    form = client.get(f"/apply/?agency={desk.agency.pk}").content.decode()
    assert f'<option value="{desk.agency.pk}" selected>' in form
    assert f'href="/gk/agency/{desk.agency.pk}/registers/"' in client.get("/gk/").content.decode()
