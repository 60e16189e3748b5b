import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.annual_reports.tests.conftest import AFTER_YEAR, BUREAU

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(cast, actors, apply):
    apply(dt.date(2024, 3, 1), "commercial", closed=dt.date(2024, 3, 20), row="deny_4")
    apply(dt.date(2024, 4, 2), "commercial", closed=dt.date(2024, 4, 25), row="deny_4")
    apply(dt.date(2024, 5, 2), closed=dt.date(2024, 5, 25), row="granted")
    return services.create_report(
        actor=actors["clerk"], agency=cast.agency(BUREAU), year=2024, as_of=AFTER_YEAR
    )


def test_it_creates_the_report_from_the_dashboard(cast, login_as):
    client = login_as("jiaoyu_clerk")
    page = client.get(reverse("annual_reports:index")).content.decode()
    assert ("由记录生成 " in page and "还剩" in page) or "逾期" in page

    response = client.post(
        reverse("annual_reports:create"),
        {"agency": cast.agency(BUREAU).pk, "year": "2024", "as_of": "2025-01-10 09:00"},
    )

    stored = AnnualReport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("annual_reports:work", args=[stored.pk])


def test_it_opens_every_number_onto_as_many_records(login_as, draft):
    client = login_as("jiaoyu_clerk")
    work = client.get(reverse("annual_reports:work", args=[draft.pk])).content.decode()
    links = re.findall(
        r'<td data-cell="([^"]+)"[^>]*><a class="drill" href="([^"]+)"[^>]*>([^<]*)</a>', work
    )
    assert len(links) == 10 + 7 * 25 + 15

    for cell, href, shown in links:
        if cell == "table2.fees":
            continue
        page = client.get(href).content.decode()
        found = re.search(r'id="drill-count">(\d+)<', page)
        assert found is not None, cell
        count = found.group(1)
        assert count == shown, cell
        assert page.count('class="drill-item"') == int(shown), cell


def test_it_lists_the_applications_behind_a_cell(login_as, draft):
    page = (
        login_as("jiaoyu_clerk")
        .get(reverse("annual_reports:drilldown", args=[draft.pk, "table3.deny_4[1]"]))
        .content.decode()
    )

    assert 'id="drill-count">2<' in page
    assert len(re.findall(r'href="/cases/\d+/"', page)) == 2


def test_it_saves_the_narrative_as_a_plain_form_and_with_htmx(login_as, draft):
    client = login_as("jiaoyu_clerk")
    url = reverse("annual_reports:narrative", args=[draft.pk])

    plain = client.post(url, {"management": "一是规范信息管理，本年新收申请{{table3.new[6]}}件。"})
    assert plain.status_code == 302
    partial = client.post(url, {"oversight": "强化监督。"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    assert 'id="part-oversight"' in partial.content.decode()
    assert "<html" not in partial.content.decode()

    stored = AnnualReport.objects.get()
    assert stored.narrative["management"].endswith("{{table3.new[6]}}件。")
    assert "本年新收申请3件" in stored.canonical["sections"]["overview"]["management"]


def test_it_refuses_an_unknown_token_in_the_narrative(login_as, draft):
    response = login_as("jiaoyu_clerk").post(
        reverse("annual_reports:narrative", args=[draft.pk]), {"other": "共{{nothing.here}}件"}
    )

    assert "无法识别的数字占位符" in response.content.decode()


def test_it_shows_the_recompute_diff_before_applying_it(login_as, apply, draft):
    apply(dt.date(2024, 6, 1), "research", closed=dt.date(2024, 6, 20), row="unable_1")
    client = login_as("jiaoyu_clerk")

    page = client.get(reverse("annual_reports:recompute", args=[draft.pk])).content.decode()

    assert 'data-cell="table3.unable_1[2]"' in page
    assert 'data-cell="table3.deny_4[1]"' not in page


def test_it_hides_a_draft_from_the_public_and_from_other_agencies(client, login_as, draft):
    url = reverse("annual_reports:detail", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert login_as("caizheng_clerk").get(url).status_code == 404
    assert (
        login_as("caizheng_clerk").get(reverse("annual_reports:work", args=[draft.pk])).status_code
        == 404
    )
    assert login_as("xinhua_supervisor").get(url).status_code == 200


def test_it_offers_a_clear_message_when_pdf_cannot_be_made(monkeypatch, stored_seed, client):
    monkeypatch.setenv("PATH", "/nonexistent")  # no soffice, no libreoffice to be found
    response = client.get(reverse("annual_reports:download", args=[stored_seed.pk, "pdf"]))

    assert response.status_code == 503
    assert "LibreOffice" in response.content.decode()


def test_it_lets_the_supervisor_read_comment_and_send_back_but_not_edit(login_as, actors, draft):
    from gongkai_web.annual_reports import checks
    from gongkai_web.annual_reports.models import Comment, ReportStatus

    for finding in services.findings(draft):
        services.acknowledge(
            actor=actors["clerk"],
            stored=draft,
            key=checks.finding_key(finding),
            text="已核实，无需修改。",
        )
    services.submit(actor=actors["clerk"], stored=AnnualReport.objects.get())
    client = login_as("xinhua_supervisor")
    work = reverse("annual_reports:work", args=[draft.pk])

    page = client.get(work).content.decode()
    assert "人工更正一个数字" not in page and 'data-action="submit"' not in page
    assert 'data-action="send_back"' in page and 'data-action="review"' not in page
    client.post(reverse("annual_reports:comment", args=[draft.pk]), {"text": "请补充监督保障。"})
    edit = client.post(reverse("annual_reports:narrative", args=[draft.pk]), {"other": "改"})
    client.post(reverse("workflow:move", args=["annual_report", draft.pk]),
                {"action": "send_back", "note": "退回补充"})  # fmt: skip

    stored = AnnualReport.objects.get()
    assert "只有本机关的" in edit.content.decode() or "只有草稿" in edit.content.decode()
    assert stored.narrative["other"] != "改"
    assert stored.status == ReportStatus.DRAFT
    assert list(Comment.objects.values_list("text", flat=True)) == ["请补充监督保障。", "退回补充"]
