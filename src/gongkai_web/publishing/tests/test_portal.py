import datetime as dt
import hashlib
import io
import json
import zipfile

from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai_web.publishing import services
from gongkai_web.publishing.tests.conftest import a_pdf


def test_it_shows_the_catalogue_with_a_fixed_number_of_queries(
    client, desk, make_published, django_assert_num_queries
):
    make_published(on=dt.date(2024, 1, 5), formed_on=dt.date(2024, 1, 5))
    url = f"/gk/agency/{desk.agency.pk}/?category={desk.category.pk}"
    client.get(url)  # warm up anything cached per process
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(30):
        make_published(on=dt.date(2024, 2, 1), formed_on=dt.date(2024, 2, 1), title=f"条目 {n}")
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.status_code == 200
    assert "共 31 条" in response.content.decode()


def test_it_shows_an_entry_with_its_metadata_table_and_attachment(client, desk, make_published):
    entry = desk.draft(doc_number="新教〔2024〕3号", formed_on=dt.date(2024, 6, 1))
    services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="附件1.pdf", data=a_pdf())
    entry = desk.publish(entry, on=dt.date(2024, 6, 3))

    page = client.get(f"/gk/entry/{entry.pk}/").content.decode()
    for label in (
        "索引号",
        "发布机构",
        "文号",
        "成文日期",
        "发布日期",
        "有效性",
        "主题分类",
        "目录分类",
        "内容概述",
    ):
        assert f'<th scope="row">{label}</th>' in page
    assert entry.index_number in page and "新教〔2024〕3号" in page
    attachment = entry.attachments.get()
    download = client.get(f"/gk/attachment/{attachment.pk}/")
    served = b"".join(download.streaming_content)
    assert (
        served.startswith(b"%PDF") and hashlib.sha256(served).hexdigest() == attachment.file.sha256
    )


def test_it_hides_drafts_from_the_public(client, desk):
    entry = desk.draft()
    assert client.get(f"/gk/entry/{entry.pk}/").status_code == 404
    assert client.get(f"/gk/api/entries/{entry.pk}/").status_code == 404


def test_it_refuses_an_attachment_of_the_wrong_type(desk):
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="类型不受支持"):
        services.attach(
            actor=desk.actor("jiaoyu_clerk"), entry=desk.draft(), name="a.exe", data=b"MZ"
        )


def test_it_serves_the_json_api_and_the_atom_feed(client, desk, make_published):
    entry = make_published(
        on=dt.date(2024, 6, 3), formed_on=dt.date(2024, 6, 3), title="学区划分公告"
    )
    listing = json.loads(client.get("/gk/api/entries/", {"q": "学区"}).content)
    assert listing["count"] == 1 and listing["results"][0]["index_number"] == entry.index_number
    detail = json.loads(client.get(f"/gk/api/entries/{entry.pk}/").content)
    assert detail["title"] == "学区划分公告" and detail["body"]
    feed = client.get("/gk/feed/")
    assert feed["Content-Type"].startswith("application/atom+xml")
    assert "学区划分公告" in feed.content.decode()


def test_it_serves_the_guide_with_the_office_contacts_and_versions(client, cast, desk):
    services.publish_guide(actor=desk.actor("jiaoyu_clerk"), agency=desk.agency)
    page = client.get(f"/gk/agency/{desk.agency.pk}/guide/").content.decode()
    assert "第 1 版" in page and "0375-0000003" in page and "法规文件" in page
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="无需重新发布"):
        services.publish_guide(actor=desk.actor("jiaoyu_clerk"), agency=desk.agency)
    services.create_category(actor=desk.actor("jiaoyu_clerk"), agency=desk.agency, name="教育督导")
    assert services.publish_guide(actor=desk.actor("jiaoyu_clerk"), agency=desk.agency).version == 2


def test_it_lists_the_published_annual_reports(client, cast):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    page = client.get("/gk/reports/").content.decode()
    assert "新华区教育局 2024 年度报告" in page


def test_it_shows_the_sensitive_word_hits_to_the_reviewer(desk, login_as):
    services.add_sensitive_word(
        actor=desk.actor("jiaoyu_reviewer"), agency=desk.agency, word="国家教委", kind="obsolete",
        suggestion="教育部",
    )  # fmt: skip
    entry = desk.draft(body="根据国家教委的规定，经国家教委批准。")
    page = login_as("jiaoyu_reviewer").get(f"/publishing/{entry.pk}/").content.decode()
    assert "发现 2 处错敏词" in page
    assert "过时名称“国家教委”，建议改为“教育部”" in page
    assert page.count('<mark class="hit-obsolete"') == 2


def test_it_generates_the_approval_form_as_docx(desk, make_published, login_as):
    entry = make_published(on=dt.date(2024, 6, 3), formed_on=dt.date(2024, 6, 3))
    response = login_as("jiaoyu_leader").get(f"/publishing/{entry.pk}/approval.docx")
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    for text in ("信息发布审核表", entry.index_number, "保密审查", "终审", "赵领导", 'w:w="11906"'):
        assert text in body


def test_it_keeps_other_agencies_out_of_the_office_pages(desk, make_published, login_as):
    entry = make_published(on=dt.date(2024, 6, 3), formed_on=dt.date(2024, 6, 3))
    assert login_as("caizheng_clerk").get(f"/publishing/{entry.pk}/").status_code == 403
    assert login_as("auditor").get("/publishing/").status_code == 403


def test_it_renders_every_office_page(desk, make_published, login_as):
    make_published(on=dt.date(2024, 6, 3), formed_on=dt.date(2024, 6, 3))
    client = login_as("jiaoyu_clerk")
    for url in (
        "/publishing/",
        "/publishing/new/",
        "/publishing/registers/",
        "/publishing/table2/?year=2024",
        "/publishing/guide/",
        "/publishing/words/",
        "/publishing/reassess/",
        "/gk/",
        "/gk/search/?q=通知",
    ):
        assert client.get(url).status_code == 200, url
