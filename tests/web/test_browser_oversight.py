"""监督保障 end to end: a standard set up in the browser scores the demo bureau's year; a patrol
finding costs points; the year-end table ranks the units, each point opening its record; a
person's training record; the facts offered to the report's section 一（五）."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings

from gongkai_web.media_accounts.models import MediaAccount, Problem
from gongkai_web.organizations.demo import DEMO_PASSWORD
from gongkai_web.oversight.models import ScoreLine, ScoreRun
from tests.web.test_browser_publishing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def log_in(page, live_server, username):
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").wait_for()


def number(text):
    return Decimal(text.strip())


def test_it_scores_the_demo_year_traces_each_point_and_offers_the_facts(
    page, live_server, demo_loaded
):
    # A patrol in October found a 错敏词 on the 实验小学's account.
    school_account = MediaAccount.objects.get(agency__name="新华区实验小学")
    finding = Problem.objects.create(
        account=school_account,
        category="wording",
        detail="错敏词：“截止目前”应为“截至目前”",
        found_on=dt.date(2024, 10, 15),
    )

    # The leader in charge sets up the bureau's scoring standard (its second version).
    log_in(page, live_server, "jiaoyu_leader")
    page.get_by_role("link", name="监督保障").click()
    page.get_by_role("link", name="记分标准", exact=True).click()
    page.get_by_label("标准名称").fill("新华区教体系统新闻媒体发稿记分标准（2024年修订）")
    page.get_by_label("政务新媒体发布信息", exact=True).fill("一分")
    page.get_by_role("button", name="保存记分标准").click()
    page.get_by_text("“政务新媒体发布信息”的分值“一分”不是数字").wait_for()
    assert_accessible(page)
    values = {
        "政务新媒体发布信息": "0.2",
        "主动公开政府信息": "1",
        "新闻媒体刊发稿件（国家级）": "10",
        "新闻媒体刊发稿件（省级）": "5",
        "新闻媒体刊发稿件（市级）": "3",
        "新闻媒体刊发稿件（区级）": "1",
        "巡查发现问题": "3",
        "依申请公开逾期答复": "5",
        "超过二十个工作日公开": "2",
    }
    for label, value in values.items():
        page.get_by_label(label, exact=True).fill(value)
    page.get_by_role("button", name="保存记分标准").click()
    page.get_by_text("已制定记分标准（第2版）").wait_for()

    # The year-end scoring of 2024: posts, catalogue entries, carriages, the finding.
    page.get_by_role("link", name="量化考核", exact=True).click()
    page.get_by_label("年度").fill("2024")
    page.get_by_role("button", name="查看").click()
    page.get_by_role("button", name="计算年终考核得分").click()
    page.get_by_text("已完成2024年年终考核计分").wait_for()
    run = ScoreRun.objects.latest("pk")
    assert run.standard.version == 2 and (run.start, run.end) == (
        dt.date(2024, 1, 1),
        dt.date(2024, 12, 31),
    )
    assert ScoreLine.objects.filter(run=run, kind="post").count() == settings.GONGKAI_DEMO_POSTS
    assert ScoreLine.objects.filter(run=run, kind="entry").exists()
    deduction = ScoreLine.objects.get(run=run, source_model="media_accounts.problem")
    assert (deduction.source_pk, deduction.points) == (finding.pk, Decimal(-3))

    # The year-end table ranks the units by their totals.
    rows = page.locator("table.unit-scores tbody tr")
    assert rows.count() == 23
    assert_accessible(page)
    totals = [number(t) for t in rows.locator("td.total").all_inner_texts()]
    assert totals == sorted(totals, reverse=True)
    ranks = [int(r) for r in rows.locator("td:first-child").all_inner_texts()]
    assert ranks[0] == 1 and ranks == sorted(ranks)
    assert sum(totals) == run.total

    # Each point opens its record: the school's lines add up to its total, the deduction
    # links to the finding, and the link leads to the new-media records.
    school = rows.filter(has_text="新华区实验小学")
    school_total = number(school.locator("td.total").inner_text())
    school.get_by_role("link").click()
    page.get_by_role("heading", name=re.compile("新华区实验小学")).wait_for()
    lines = page.locator("table.score-lines tbody tr")
    assert_accessible(page)
    points = [number(t) for t in lines.locator("td:nth-child(5)").all_inner_texts()]
    assert sum(points) == school_total
    assert number(page.locator(".lines-total").inner_text()) == school_total
    assert lines.locator("td:last-child a").count() == lines.count()
    found = lines.filter(has_text="巡查发现问题")
    assert found.locator("td:nth-child(5)").inner_text() == "-3"
    assert found.locator(f'a[data-source="media_accounts.problem:{finding.pk}"]').count() == 1
    found.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/media/problems/"))
    page.go_back()
    post_line = lines.filter(has_text="政务新媒体发布信息").first
    post_line.get_by_role("link").click()
    page.wait_for_url(re.compile(r"/media/posts/\d+/"))

    # A person's training record shows their sessions.
    page.goto(live_server.url + "/oversight/training/?year=2024")
    page.get_by_role("link", name="新华区2024年政务公开工作培训会").click()
    page.get_by_role("link", name="王登记").click()
    page.get_by_role("heading", name=re.compile("王登记的培训记录")).wait_for()
    sessions = page.locator("table.person-sessions tbody tr")
    assert_accessible(page)
    assert sessions.count() == 3
    assert "平顶山市政务公开业务交流座谈会" in sessions.nth(2).inner_text()

    # The report's section 一（五） is offered these facts, each with its records.
    page.goto(live_server.url + "/oversight/?year=2024")
    page.get_by_role("link", name="年报一（五）").click()
    page.get_by_role("heading", name=re.compile("一、总体情况（五）监督保障")).wait_for()
    assert_accessible(page)
    preview = page.locator(".draft-preview").inner_text()
    assert "本年组织和参加政务公开培训3次" in preview
    assert "其中参加市、区举办的培训和交流2次" in preview
    assert "开展量化考核2次" in preview
    assert "领导小组组长：钱局长" in page.locator("main").inner_text()
    runs_fact = page.locator('tr[data-fact="oversight.scoring_runs"]')
    assert runs_fact.get_by_role("link", name=re.compile("2024年年终考核")).count() == 1
    runs_fact.get_by_role("link", name=re.compile("2024年年终考核")).click()
    page.get_by_role("heading", name=re.compile("2024年年终考核得分表")).wait_for()
