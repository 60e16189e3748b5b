"""The four leaks issue 13 reported, replayed in Chromium as the people who found them clicked,
each now refused or rescued through the shared review panel:

1. text with 绝密 went through every review and was published; a post with 截止目前 too;
2. one person signed 初审, 一校, 二校 and 三校 of a post alone;
3. an entry whose agency has one 审核人 was stuck after 初审;
4. a batch check fed a file named .zip that is not a zip stayed 检查中 for ever.
"""

import datetime as dt

import pytest

from tests.web.test_browser_publishing import assert_accessible, context_for
from tests.web.workflow_steps import acknowledge, note_missing, panel_move, post_directly, state

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CLEAR = {"保密审查结论": "不涉及国家秘密、工作秘密，可以公开"}


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def draft_entry(page, url, title, body):
    page.goto(f"{url}/publishing/new/")
    page.locator("#id_title").fill(title)
    page.get_by_label("目录分类").select_option(index=1)
    page.get_by_label("成文日期").fill(dt.date.today().isoformat())
    page.get_by_label("正文").fill(body)
    page.get_by_role("button", name="保存草稿").click()
    page.get_by_role("heading", name="错敏词检查").wait_for()
    entry_url = page.url
    panel_move(page, entry_url, "submit")
    page.get_by_text("已提交审核").wait_for()
    return entry_url


def test_a_secret_marking_is_stopped_at_secrecy_review_and_published_only_once_removed(
    chromium, live_server, demo_loaded
):
    url = live_server.url
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")
    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    entry = draft_entry(
        clerk, url, "关于学校安全检查的通知", "本文件绝密。各校于月底前完成安全检查。"
    )

    # 保密审查 without an opinion, then without a conclusion, then with the word still there.
    panel_move(reviewer, entry, "pass_secrecy", select=CLEAR)
    assert note_missing(reviewer, "pass_secrecy")
    sent = post_directly(
        reviewer, entry, "catalogue", {"action": "pass_secrecy", "conclusion": "none"}
    )
    assert "“保密审查通过”须写明审查意见" in sent
    panel_move(reviewer, entry, "pass_secrecy", "已审查")
    reviewer.get_by_text("请选择保密审查结论").wait_for()
    panel_move(reviewer, entry, "pass_secrecy", "已审查", select=CLEAR)
    reviewer.get_by_text("正文中的敏感词“绝密”").first.wait_for()
    assert state(reviewer) == "待保密审查"
    assert_accessible(reviewer)

    # Sent back; the clerk removes the marking and submits again; now it goes through.
    panel_move(reviewer, entry, "send_back", "删除密级标注后重新提交")
    reviewer.get_by_text("已退回修改").wait_for()
    clerk.goto(entry)
    clerk.get_by_role("link", name="修改", exact=True).click()
    clerk.get_by_label("正文").fill("各校于月底前完成安全检查。")
    clerk.get_by_role("button", name="保存草稿").click()
    panel_move(clerk, entry, "submit")
    clerk.get_by_text("已提交审核").wait_for()
    panel_move(reviewer, entry, "pass_secrecy", "不涉密", select=CLEAR)
    reviewer.get_by_text("已保密审查通过").wait_for()
    assert state(reviewer) == "待初审"


def test_a_post_with_a_wrong_phrase_waits_for_the_reviewer_and_its_author_cannot_proofread(
    chromium, live_server, demo_loaded
):
    from gongkai_web.media_accounts.models import MediaAccount

    url = live_server.url
    account = MediaAccount.objects.get(name="新华教育")
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")
    clerk.goto(f"{url}/media/accounts/{account.pk}/posts/new/")
    clerk.get_by_label("标题").fill("截止目前我区完成学校食堂检查")
    clerk.get_by_label("正文").fill("截止目前，全区学校食堂检查已完成。")
    clerk.get_by_role("button", name="保存草稿并送审").click()
    clerk.locator("[data-field='workflow-state']").wait_for()
    post = clerk.url
    assert state(clerk) == "审校中"

    # The author is offered no proofreading at all, and a forged request is refused.
    assert clerk.locator("form.workflow-move[data-action='proof1']").count() == 0
    response = clerk.request.post(
        post.replace("/media/posts/", "/workflow/media_post/"),
        form={"action": "proof1", "csrfmiddlewaretoken": clerk.locator(
            "input[name='csrfmiddlewaretoken']").first.input_value()},
    )  # fmt: skip
    assert "一校须由拟稿人以外的" in response.text()

    # 初审 is shut while 截止目前 is neither changed nor acknowledged.
    panel_move(clerk, post, "review1", "同意")
    clerk.locator("ul.messages").get_by_text("“初审”前须先处理错敏词").wait_for()
    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    acknowledge(reviewer, post, ["截止目前"], "此处沿用通报原文表述")
    reviewer.get_by_text("已确认错敏词").wait_for()
    panel_move(clerk, post, "review1", "同意")
    clerk.get_by_text("已初审").wait_for()
    editor = context_for(chromium, live_server, "jiaoyu_editor")
    panel_move(editor, post, "proof1", "已校对")
    editor.get_by_text("已一校").wait_for()
    assert_accessible(editor)


def test_an_entry_is_rescued_when_the_only_reviewer_did_the_first_review(
    chromium, live_server, demo_loaded
):
    url = live_server.url
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")
    reviewer = context_for(chromium, live_server, "jiaoyu_reviewer")
    leader = context_for(chromium, live_server, "jiaoyu_leader")
    editor = context_for(chromium, live_server, "jiaoyu_editor")
    entry = draft_entry(clerk, url, "2026年学生资助政策告知书", "各学校：现将资助政策告知如下。")
    panel_move(reviewer, entry, "pass_secrecy", "不涉密", select=CLEAR)
    panel_move(reviewer, entry, "pass_first", "同意")
    reviewer.get_by_text("已初审通过").wait_for()

    # Nobody may do 复审: the page says so and says who can help.
    leader.goto(entry)
    nobody = leader.locator("[data-field='nobody']")
    assert nobody.inner_text() == (
        "复审须由拟稿人、初审人以外的审核人办理；本机关目前没有符合条件的人员，请分管领导指定办理人"
    )
    assert reviewer.locator("form.workflow-move[data-action='pass_second']").count() == 0
    assert_accessible(leader)

    # The leader designates the editor, who takes 复审; the leader signs 终审; it is public.
    form = leader.locator("form.workflow-move[data-action='designate']")
    form.get_by_label("环节").select_option(label="复审")
    form.get_by_label("办理人").select_option(label="陈编辑")
    form.locator("textarea[name='note']").fill("李审核已做初审")
    form.get_by_role("button").click()
    leader.get_by_text("已指定办理人").wait_for()
    assert "已指定陈编辑办理" in leader.locator("tr[data-slot='second']").inner_text()
    panel_move(editor, entry, "pass_second", "同意")
    editor.get_by_text("已复审通过").wait_for()
    panel_move(leader, entry, "pass_final", "同意发布")
    leader.get_by_text("已终审通过并公开").wait_for()
    assert state(leader) == "已公开"


def test_a_batch_check_of_a_file_that_is_not_a_zip_fails_and_says_what_to_do(
    chromium, live_server, demo_loaded, tmp_path
):
    url = live_server.url
    supervisor = context_for(chromium, live_server, "xinhua_supervisor")
    fake = tmp_path / "年报合集.zip"
    fake.write_bytes(b"this is not a zip archive")
    supervisor.goto(f"{url}/reports/batch/")
    supervisor.get_by_label("文件").set_input_files(str(fake))
    # The upload answers with a redirect to the check's page; reload only once it is there.
    with supervisor.expect_navigation():
        supervisor.get_by_role("button", name="上传并检查").click()
    supervisor.wait_for_load_state()
    supervisor.reload()
    assert supervisor.locator("[data-field='batch-status']").inner_text() == "检查失败"
    failure = supervisor.locator("[data-field='batch-failure']")
    assert "不是有效的 zip 压缩包" in failure.inner_text()
    assert "重新上传" in failure.inner_text()
    assert failure.get_by_role("button", name="重新检查").is_visible()
    assert_accessible(supervisor)
