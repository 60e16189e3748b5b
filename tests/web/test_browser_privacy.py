"""Issue 18's gates as a clerk and a reviewer meet them in Chromium: an attachment with an ID
number and a phone number is stopped at 保密审查 until replaced, and is stored without its
author; a 规范性文件 waits at 终审 for its 解读."""

import datetime as dt
import io

import pytest
from docx import Document

from tests.web.test_browser_publishing import assert_accessible, context_for
from tests.web.test_browser_workflow import CLEAR
from tests.web.workflow_steps import panel_move, state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def docx_file(tmp_path, name, text, author=""):
    document = Document()
    document.core_properties.author = author
    document.add_paragraph(text)
    path = tmp_path / name
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def new_entry(page, url, title, kind=None):
    page.goto(f"{url}/publishing/new/")
    page.locator("#id_title").fill(title)
    page.get_by_label("目录分类").select_option(index=1)
    page.get_by_label("成文日期").fill(dt.date.today().isoformat())
    page.get_by_label("正文").fill("各学校：现将有关事项通知如下。")
    if kind:
        page.get_by_label("文件类型").select_option(label=kind)
        page.get_by_label("印发日期").fill(dt.date.today().isoformat())
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("heading", name="错敏词检查").wait_for()
    return page.url


def test_an_attachment_with_an_id_and_a_phone_is_stopped_until_replaced(
    chromium,
    live_server,
    demo_loaded,
    tmp_path,
):
    url = live_server.url
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")
    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    entry = new_entry(clerk, url, "2026年学生资助名单")
    listing = docx_file(
        tmp_path, "名单.docx", "王五 身份证号410402199003074569 电话13812345678", author="张三"
    )
    clerk.get_by_label("附件").set_input_files(str(listing))
    clerk.get_by_role("button", name="上传附件").click()
    personal = clerk.locator("ul.personal-hits li")
    personal.first.wait_for()
    assert personal.count() == 2 and "4104**********4569" in personal.first.inner_text()
    assert "作者、最后修改者等文档属性" in clerk.locator("[data-field='cleaned']").inner_text()
    panel_move(clerk, entry, "submit")
    clerk.get_by_text("已提交审核").wait_for()

    panel_move(reviewer, entry, "pass_secrecy", "不涉密", select=CLEAR)
    refused = reviewer.locator("ul.messages").get_by_text("前须先处理个人信息")
    refused.wait_for()
    assert "410402199003074569" not in refused.inner_text()
    assert state(reviewer) == "待保密审查"
    assert_accessible(reviewer)

    # Sent back; the clerk replaces the file with one without the data; now it passes.
    panel_move(reviewer, entry, "send_back", "附件含身份证号和手机号，请删除后重新上传")
    reviewer.get_by_text("已退回修改").wait_for()
    clerk.goto(entry)
    clerk.get_by_role("button", name="删除").first.click()
    clean = docx_file(tmp_path, "名单（已处理）.docx", "王五 获一等助学金")
    clerk.get_by_label("附件").set_input_files(str(clean))
    clerk.get_by_role("button", name="上传附件").click()
    clerk.get_by_text("未发现个人信息。").wait_for()
    panel_move(clerk, entry, "submit")
    panel_move(reviewer, entry, "pass_secrecy", "不涉密", select=CLEAR)
    reviewer.get_by_text("已保密审查通过").wait_for()


def test_a_normative_document_waits_at_final_review_for_its_interpretation(
    chromium,
    live_server,
    demo_loaded,
):
    url = live_server.url
    people = {name: context_for(chromium, live_server, name) for name in (
        "jiaoyu_clerk", "jiaoyu_editor", "jiaoyu_reviewer", "jiaoyu_leader")}  # fmt: skip
    clerk, leader = people["jiaoyu_clerk"], people["jiaoyu_leader"]

    def through_second(entry):
        panel_move(clerk, entry, "submit")
        panel_move(people["jiaoyu_reviewer"], entry, "pass_secrecy", "不涉密", select=CLEAR)
        panel_move(people["jiaoyu_editor"], entry, "pass_first", "同意")
        panel_move(people["jiaoyu_reviewer"], entry, "pass_second", "同意")
        people["jiaoyu_reviewer"].get_by_text("已复审通过").wait_for()

    document = new_entry(clerk, url, "新华区中小学课后服务管理办法", kind="行政规范性文件")
    through_second(document)
    panel_move(leader, document, "pass_final", "同意发布")
    leader.locator("ul.messages").get_by_text("须与政策解读同步公开（三同步）").wait_for()
    assert state(leader) == "待终审"

    clerk.goto(f"{url}/publishing/new/")
    clerk.locator("#id_title").fill("《新华区中小学课后服务管理办法》政策解读")
    clerk.get_by_label("目录分类").select_option(index=1)
    clerk.get_by_label("成文日期").fill(dt.date.today().isoformat())
    clerk.get_by_label("正文").fill("一、制定背景和依据。二、目标任务。三、主要内容。")
    clerk.get_by_label("所解读的文件").select_option(label="新华区中小学课后服务管理办法")
    clerk.get_by_role("button", name="保存草稿").click()
    clerk.get_by_role("heading", name="错敏词检查").wait_for()
    reading = clerk.url
    through_second(reading)
    panel_move(leader, document, "pass_final", "同意发布")
    leader.get_by_text("已终审通过并公开").wait_for()
    panel_move(leader, reading, "pass_final", "同意发布")
    leader.get_by_text("已终审通过并公开").wait_for()
    public = context_for(chromium, live_server)
    public.goto(f"{url}/gk/")
    public.goto(document.replace("/publishing/", "/gk/entry/"))
    public.locator("[data-field='interpretations']").get_by_role("link").wait_for()
