"""The publishing path end to end in Chromium: draft → 错敏词 hits → 保密审查 and three reviews
by three people → the portal and search show it with its 索引号 → table 二 changes →
repealing it next year moves it from in force to repealed in next year's table 二.
Every page on the way is checked with axe-core (WCAG 2.1 A and AA rules)."""

import datetime as dt
import json
from importlib.resources import files
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.web.conftest import SERVER_TURN
from tests.web.workflow_steps import acknowledge, panel_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# axe-core (MPL-2.0) as shipped inside the axe-playwright-python wheel, a test dependency:
# third-party code comes from the package index, never from a copy in the repository.
AXE = Path(str(files("axe_playwright_python") / "axe.min.js"))
TITLE = "新华区中小学课后服务管理办法"


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def context_for(chromium, live_server, username=None):
    context = chromium.new_context(locale="zh-CN")
    if username is not None:
        client = Client()
        with SERVER_TURN:  # the previous page's requests may still be running
            client.force_login(User.objects.get(username=username))
        context.add_cookies([{
            "name": "sessionid", "value": client.cookies["sessionid"].value,
            "url": live_server.url,
        }])  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


def assert_accessible(page):
    # Evaluated through the browser's debugging protocol: the site's Content-Security-Policy
    # (scripts from the site only) would refuse it as an inline <script> tag.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"
    )
    assert len(result["passes"]) > 10, "axe-core did not check the page"
    problems = [
        f"{v['id']}: {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in result["violations"]
    ]
    assert problems == [], f"{page.url}\n" + json.dumps(problems, ensure_ascii=False, indent=1)


ACTIONS = {"保密审查": "pass_secrecy", "初审": "pass_first", "复审": "pass_second",
           "终审": "pass_final"}  # fmt: skip


def decide(page, live_server, entry_id, stage, opinion):
    url = f"{live_server.url}/publishing/{entry_id}/"
    select = {"保密审查结论": "不涉及国家秘密、工作秘密，可以公开"} if stage == "保密审查" else {}
    panel_move(page, url, ACTIONS[stage], opinion, select=select)
    page.locator(".msg-success, .msg-error").first.wait_for()
    assert_accessible(page)


def cells(page, url, year):
    page.goto(f"{url}/publishing/table2/?year={year}")
    return tuple(
        page.locator(f"td[data-cell='table2.normative_documents.{leaf}']").inner_text()
        for leaf in ("issued", "repealed", "in_force")
    )


def test_it_takes_an_entry_from_draft_through_review_to_the_portal_search_and_table2(
    chromium, live_server, demo_loaded
):
    today = dt.date.today()
    url = live_server.url
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")

    clerk.goto(f"{url}/publishing/table2/?year={today.year}")
    assert clerk.locator("td[data-cell='table2.normative_documents.issued']").inner_text() == "0"
    assert clerk.locator("td[data-cell='table2.normative_documents.in_force']").inner_text() == "0"

    # The editor drafts a normative document whose text uses an obsolete name.
    clerk.goto(f"{url}/publishing/new/")
    assert_accessible(clerk)
    clerk.locator("#id_title").fill(TITLE)
    clerk.get_by_label("目录分类").select_option(label="规范性文件")
    clerk.get_by_label("成文日期").fill(today.isoformat())
    clerk.get_by_label("内容概述").fill("规范课后服务的时间、内容和收费。")
    clerk.get_by_label("正文").fill(
        "根据国家教委有关规定，结合本区实际，制定本办法。课后服务由学校自愿申请。"
    )
    clerk.get_by_label("文件类型").select_option(label="行政规范性文件")
    clerk.get_by_label("印发日期").fill(today.isoformat())
    # 三同步: published alone only with the reason it needs no 解读 (test_interpretation.py).
    clerk.get_by_label("无需解读的理由").fill("本办法延续原有做法，已于征求意见时说明")
    clerk.get_by_role("button", name="保存草稿").click()

    clerk.get_by_role("heading", name="错敏词检查").wait_for()
    assert (
        clerk.locator("[data-field='hit-count']").inner_text()
        == "发现 1 处错敏词，请审核人逐条核实："
    )
    assert clerk.get_by_text("过时名称“国家教委”，建议改为“教育部”").is_visible()
    assert clerk.locator("mark.hit-obsolete").inner_text() == "国家教委"
    assert_accessible(clerk)
    entry_id = int(clerk.url.rstrip("/").split("/")[-1])
    clerk.get_by_role("button", name="提交审核").click()
    clerk.get_by_text("已提交审核").wait_for()
    assert clerk.locator("[data-field='status']").inner_text() == "待保密审查"

    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    editor = context_for(chromium, live_server, "jiaoyu_editor")
    leader = context_for(chromium, live_server, "jiaoyu_leader")
    # The flagged word keeps 保密审查 shut until the reviewer acknowledges it with a reason.
    decide(reviewer, live_server, entry_id, "保密审查", "不涉密，可以公开")
    reviewer.get_by_text("“保密审查通过”前须先处理错敏词").wait_for()
    acknowledge(reviewer, f"{url}/publishing/{entry_id}/", ["国家教委"], "引用1993年文件原名")
    reviewer.get_by_text("已确认错敏词").wait_for()
    decide(reviewer, live_server, entry_id, "保密审查", "不涉密，可以公开")
    decide(editor, live_server, entry_id, "初审", "文字已校对")
    decide(reviewer, live_server, entry_id, "复审", "依据充分")
    # Nothing is public before 终审.
    public = context_for(chromium, live_server)
    assert public.goto(f"{url}/gk/entry/{entry_id}/").status == 404
    decide(leader, live_server, entry_id, "终审", "同意发布")

    leader.get_by_text("已终审通过并公开").wait_for()
    index_number = leader.locator("strong[data-field='index_number']").inner_text()
    assert index_number.startswith(f"11410402005000003L/{today.year}-")
    signers = leader.locator("table.workflow-steps tbody tr td:first-of-type").all_inner_texts()
    assert signers == ["李审核", "陈编辑", "李审核", "赵领导"]

    # The public finds it by a two-character word, with the match highlighted.
    public.goto(f"{url}/gk/")
    assert_accessible(public)
    public.get_by_label("全文检索").fill("课后")
    public.get_by_label("全文检索").press("Enter")
    public.get_by_role("status").wait_for()
    assert public.get_by_role("status").inner_text() == "找到 1 条结果"
    assert public.locator(".results mark").first.inner_text() == "课后"
    assert public.locator(".results [data-field='index_number']").inner_text() == index_number
    assert_accessible(public)
    public.get_by_role("link", name=TITLE).click()
    assert public.locator("table.meta [data-field='index_number']").inner_text() == index_number
    assert_accessible(public)

    # The catalogue lists it under its category, reached by keyboard.
    public.get_by_role("link", name="规范性文件").focus()
    public.keyboard.press("Enter")
    public.get_by_role("heading", name="规范性文件（共 1 条）").wait_for()
    assert_accessible(public)

    assert cells(clerk, url, today.year) == ("1", "0", "1")
    assert_accessible(clerk)

    # Repealing it next year, on its office page, moves it from in force to repealed in next
    # year's table 二 and leaves this year's as it was.
    repealed_on = dt.date(today.year + 1, 3, 1)
    clerk.goto(f"{url}/publishing/{entry_id}/")
    clerk.get_by_role("heading", name="失效或废止").wait_for()
    assert_accessible(clerk)
    clerk.get_by_label("有效性").select_option(label="废止")
    clerk.get_by_label("失效或废止日期").fill(repealed_on.isoformat())
    clerk.get_by_role("button", name="更新有效性").click()
    clerk.get_by_text("有效性已更新").wait_for()
    assert cells(clerk, url, today.year) == ("1", "0", "1")
    assert cells(clerk, url, today.year + 1) == ("0", "1", "0")
    assert_accessible(clerk)
