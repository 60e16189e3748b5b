import zipfile

import pytest

from gongkai_web.annual_reports import documents

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def open_seed_report(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="查看年度报告").click()
    page.get_by_role("link", name="新华区教育局2024年政府信息公开工作年度报告").click()
    page.get_by_role("heading", name="新华区教育局2024年政府信息公开工作年度报告").wait_for()


def test_it_goes_from_the_home_page_to_the_report_and_sees_tables_and_findings(
    page, live_server, demo_loaded
):
    open_seed_report(page, live_server)

    assert page.locator("table.report-table").count() == 3
    assert page.locator("table.report-table td").count() == 10 + 25 * 7 + 15
    assert page.locator("td[data-cell='table2.licensing']").inner_text() == "16"
    assert page.locator("td[data-cell='table2.fees']").inner_text() == "3.1"
    assert page.get_by_text("全部规则通过").is_visible()
    assert page.get_by_role("heading", name="三、收到和处理政府信息公开申请情况").is_visible()


def test_it_downloads_the_word_document(page, live_server, demo_loaded, tmp_path):
    if "docx" not in documents.available():
        pytest.skip("the core has no DOCX renderer yet (gongkai.report.render.docx)")
    open_seed_report(page, live_server)

    with page.expect_download() as caught:
        page.get_by_role("link", name="Word（DOCX）").click()
    download = caught.value
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)

    assert download.suggested_filename == "新华区教育局2024年政府信息公开工作年度报告.docx"
    with zipfile.ZipFile(saved) as docx:
        body = docx.read("word/document.xml").decode()
    assert "新华区教育局" in body


def test_it_downloads_the_canonical_json(page, live_server, demo_loaded, tmp_path):
    open_seed_report(page, live_server)

    with page.expect_download() as caught:
        page.get_by_role("link", name="数据（JSON）").click()
    saved = tmp_path / "report.json"
    caught.value.save_as(saved)

    assert '"agency": "新华区教育局"' in saved.read_text(encoding="utf-8")


def test_it_reads_the_report_with_javascript_off(chromium, live_server, demo_loaded):
    context = chromium.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        open_seed_report(page, live_server)
        assert page.locator("table.report-table").count() == 3
        assert page.get_by_text("全部规则通过").is_visible()
    finally:
        context.close()
