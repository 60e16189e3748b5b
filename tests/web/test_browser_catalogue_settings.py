"""目录设置 in Chromium: the editor changes the 索引号 template watching the preview, adds
「招生入学/小学招生」, and an entry published there carries the new number on the portal.
Every page on the way is checked with axe-core (WCAG 2.1 A and AA rules)."""

import datetime as dt
import re

import pytest

from tests.web.test_browser_publishing import assert_accessible, context_for, decide

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ORGANISATION_CODE = "005000003"  # characters 9-17 of 新华区教育局's credit code 11410402005000003L
TEMPLATE = "{组织机构代码}-{YYYY}{MM}-{NNNN}"
TITLE = "新华区2025年小学一年级招生工作方案"


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def test_it_numbers_an_entry_of_a_new_category_by_the_new_template(
    chromium, live_server, demo_loaded
):
    today = dt.date.today()
    url = live_server.url
    editor = context_for(chromium, live_server, "jiaoyu_clerk")

    editor.goto(f"{url}/publishing/")
    editor.get_by_role("navigation", name="主动公开工作").get_by_role(
        "link", name="目录设置"
    ).click()
    editor.get_by_role("heading", name="新华区教育局目录设置").wait_for()
    preview = editor.locator("#index-preview")
    assert (
        preview.locator("[data-field='index-preview']")
        .inner_text()
        .startswith(f"11410402005000003L/{today.year}-")
    )
    assert_accessible(editor)

    # The preview follows the typing: first a template without the year, refused in Chinese.
    field = editor.get_by_role("textbox", name="索引号模板")
    field.fill("")
    field.press_sequentially("{组织机构代码}-{NNNN}")
    preview.get_by_text("索引号模板必须包含年份 {YYYY}").wait_for()
    field.fill("")
    field.press_sequentially(TEMPLATE)
    number = preview.locator("[data-field='index-preview']")
    number.wait_for()
    expected = re.compile(rf"^{ORGANISATION_CODE}-{today:%Y%m}-\d{{4}}$")
    assert expected.match(number.inner_text()), number.inner_text()
    previewed = number.inner_text()
    assert_accessible(editor)
    editor.get_by_role("button", name="保存模板").click()
    editor.get_by_text("索引号模板已保存").wait_for()
    assert editor.locator("[data-field='index-template']").inner_text() == TEMPLATE

    # 小学招生 under 招生入学.
    editor.get_by_role("link", name="招生入学", exact=True).click()
    editor.get_by_role("heading", name="分类“招生入学”").wait_for()
    editor.get_by_label("下级分类名称").fill("小学招生")
    editor.get_by_role("button", name="添加下级分类").click()
    editor.get_by_text("已添加分类“招生入学/小学招生”").wait_for()
    assert editor.locator("a[data-path='招生入学/小学招生']").inner_text() == "小学招生"
    assert_accessible(editor)

    # Drafted in it, reviewed by three people, published.
    editor.goto(f"{url}/publishing/new/")
    editor.locator("#id_title").fill(TITLE)
    editor.get_by_label("目录分类").select_option(label="小学招生")
    editor.get_by_label("成文日期").fill(today.isoformat())
    editor.get_by_label("内容概述").fill("小学一年级招生的对象、时间和程序。")
    editor.get_by_label("正文").fill("适龄儿童按学区划分就近入学。")
    editor.get_by_role("button", name="保存草稿").click()
    editor.get_by_role("heading", name="错敏词检查").wait_for()
    entry_id = int(editor.url.rstrip("/").split("/")[-1])
    editor.get_by_role("button", name="提交审核").click()
    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    leader = context_for(chromium, live_server, "jiaoyu_leader")
    first = context_for(chromium, live_server, "jiaoyu_editor")  # 初审 by someone else
    decide(reviewer, live_server, entry_id, "保密审查", "不涉密")
    decide(first, live_server, entry_id, "初审", "已校对")
    decide(reviewer, live_server, entry_id, "复审", "同意")
    decide(leader, live_server, entry_id, "终审", "同意发布")
    leader.get_by_text("已终审通过并公开").wait_for()
    index_number = leader.locator("strong[data-field='index_number']").inner_text()
    assert index_number == previewed

    # The portal shows it under 招生入学 › 小学招生 with the new-format number.
    public = context_for(chromium, live_server)
    public.goto(f"{url}/gk/entry/{entry_id}/")
    assert public.locator("table.meta [data-field='index_number']").inner_text() == index_number
    assert_accessible(public)
    public.get_by_role("link", name="小学招生").first.click()
    public.get_by_role("heading", name="小学招生（共 1 条）").wait_for()
    public.get_by_role("link", name="招生入学").first.click()
    public.get_by_role("link", name=TITLE).wait_for()
    assert_accessible(public)
