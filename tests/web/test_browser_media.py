"""The new-media matrix end to end: 三审三校 in the browser, a patrol, a bulletin, the numbers."""

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from docx import Document

from gongkai_web.organizations.demo import DEMO_PASSWORD
from gongkai_web.organizations.models import Agency
from tests.web.workflow_steps import acknowledge, panel_move

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


@pytest.fixture
def set_clock(frozen_clock):
    return frozen_clock.set


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").wait_for()


def log_out(page):
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("link", name="登录").wait_for()


def test_it_takes_a_post_through_三审三校_then_patrols_bulletins_and_counts(
    page, live_server, demo_loaded, set_clock, tmp_path
):
    bureau = Agency.objects.get(name="新华区教育局")
    set_clock(dt.datetime(2025, 3, 10, 10, 0, tzinfo=SHANGHAI))

    # The editor drafts a post with two 错敏词 in it.
    log_in(page, live_server, "jiaoyu_clerk")
    page.get_by_role("link", name="政务新媒体").click()
    page.get_by_role("link", name="新华教育", exact=True).click()
    page.get_by_role("link", name="登记待发布信息").click()
    page.get_by_label("标题").fill("截止目前春季开学工作动态")
    page.get_by_label("正文").fill("我局再接再励，做好春季开学各项工作。")
    page.get_by_role("button", name="保存草稿并送审").click()
    hits = page.locator(".wording-hits li")
    hits.first.wait_for()
    assert hits.count() == 2
    assert "建议改为“截至目前”" in hits.nth(0).inner_text()
    assert "建议改为“再接再厉”" in hits.nth(1).inner_text()
    assert page.locator("mark.hit").count() == 2
    post_url = page.url

    # The two words wait for a reviewer's written acknowledgement before any step is signed.
    panel_move(page, post_url, "review1", "同意")
    page.locator("ul.messages").get_by_text("“初审”前须先处理错敏词").wait_for()
    log_out(page)
    log_in(page, live_server, "jiaoyu_reviewer")
    acknowledge(page, post_url, ["截止目前", "再接再励"], "引用上级文件原文，保留原表述")
    page.get_by_text("已确认错敏词").wait_for()
    log_out(page)

    # 三审 by three different people; 三校 by people other than the author.
    for user, steps in (
        ("jiaoyu_clerk", ("review1",)),
        ("jiaoyu_editor", ("proof1",)),
        ("jiaoyu_reviewer", ("review2", "proof2")),
        ("jiaoyu_leader", ("review3", "proof3")),
    ):
        log_in(page, live_server, user)
        for step in steps:
            panel_move(page, post_url, step, "同意")
            page.locator("ul.messages li.msg-success").wait_for()
        log_out(page)
    log_in(page, live_server, "jiaoyu_leader")
    page.goto(post_url)
    assert page.locator("#post-status").inner_text() == "待发布"
    assert page.locator("table.workflow-steps tbody tr").count() == 6
    names = page.locator("table.workflow-steps tbody tr td:nth-child(2)").all_inner_texts()
    assert names == ["王登记", "李审核", "赵领导", "陈编辑", "李审核", "赵领导"]
    panel_move(page, post_url, "publish", fill={"发布链接": "https://mp.weixin.qq.com/s/demo"})
    page.get_by_text("已发布：").wait_for()
    assert page.locator("#post-status").inner_text() == "已发布"
    log_out(page)

    # Fifteen days later the daily patrol flags the account.
    set_clock(dt.datetime(2025, 3, 25, 9, 0, tzinfo=SHANGHAI))
    log_in(page, live_server, "xinhua_supervisor")
    page.goto(f"{live_server.url}/media/patrols/?agency={bureau.pk}")
    page.get_by_role("button", name="执行每日巡查").click()
    row = page.locator("table.patrol-results tr[data-account='新华教育']")
    row.wait_for()
    assert row.get_attribute("data-verdict") == "fail"
    assert "15" in row.inner_text() and "赵领导" in row.inner_text()

    # The first-quarter bulletin names it, in the DOCX too.
    set_clock(dt.datetime(2025, 4, 3, 9, 0, tzinfo=SHANGHAI))
    page.goto(f"{live_server.url}/media/bulletins/?agency={bureau.pk}")
    page.get_by_label("发文字号").fill("新教通〔2025〕1号")
    page.get_by_role("button", name="生成并印发").click()
    page.get_by_role("link", name="通报（DOCX）").wait_for()
    with page.expect_download() as caught:
        page.get_by_role("link", name="通报（DOCX）").click()
    saved = tmp_path / "bulletin.docx"
    caught.value.save_as(saved)
    text = "\n".join(p.text for p in Document(io.BytesIO(saved.read_bytes())).paragraphs)
    assert "关于2025年第一季度政务新媒体\n检查情况的通报" in text
    assert "新华区教育局“新华教育”（微信公众号）：15天未更新" in text

    # The numbers for the annual report's section 一（四）.
    page.goto(f"{live_server.url}/media/year/?agency={bureau.pk}&year=2024")
    assert page.locator("[data-count='accounts_open']").inner_text() == "23"
    demo_posts = str(settings.GONGKAI_DEMO_POSTS)
    assert page.locator("[data-count='posts_published']").inner_text() == demo_posts
    assert "共有23个政务新媒体账号纳入矩阵管理" in page.locator(".report-sentence").inner_text()
    page.goto(f"{live_server.url}/media/year/?agency={bureau.pk}&year=2025")
    assert page.locator("[data-count='posts_published']").inner_text() == "1"
    assert page.locator("[data-count='daily_patrols']").inner_text() == "1 次"
    assert page.locator("[data-count='bulletins']").inner_text() == "1 期"
