"""The 待办 desk in Chromium: the reviewer logs in, lands on the desk, finds the entry the
clerk submitted waiting for her 保密审查, with the count in the menu, and clicks through to
the entry's review panel."""

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai_web.audit.services import Actor
from gongkai_web.organizations.demo import DEMO_PASSWORD
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import services
from gongkai_web.publishing.models import Category
from tests.web.test_browser_publishing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "关于做好寒假学生安全工作的通知"


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def submitted_entry() -> int:
    agency = Agency.objects.get(name="新华区教育局")
    clerk = Actor(user=User.objects.get(username="jiaoyu_clerk"), agency=agency)
    today = dt.date.today()
    entry = services.create_entry(
        actor=clerk, agency=agency, title=TITLE, summary="寒假期间学生安全工作要求。",
        body="各中小学：请做好寒假学生安全教育。", written_on=today, formed_on=today,
        category=Category.objects.filter(agency=agency).order_by("pk").first(),
    )  # fmt: skip
    return services.submit(actor=clerk, entry=entry).pk


def test_it_shows_the_reviewer_an_entry_waiting_for_her_保密审查_and_leads_to_it(
    chromium, live_server, demo_loaded
):
    entry_id = submitted_entry()
    page = chromium.new_context(locale="zh-CN").new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("jiaoyu_reviewer")
    page.get_by_label("密码").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()

    page.get_by_role("heading", name="待办", exact=True).wait_for()
    assert page.url == live_server.url + "/desk/"
    row = page.locator("[data-field='desk-mine'] tbody tr", has_text=TITLE)
    assert row.locator("[data-field='todo']").inner_text() == "保密审查"
    assert "待保密审查" in row.inner_text()
    assert "第二十六条公开期限" in row.inner_text()
    total = page.locator("[data-field='desk-mine'] tbody tr").count()
    badge = page.locator("nav [data-field='desk-count']")
    badge.wait_for()
    assert badge.inner_text() == f"（{total}）"
    assert_accessible(page)

    row.get_by_role("link", name=f"《{TITLE}》").click()
    page.wait_for_url(f"**/publishing/{entry_id}/")
    page.locator("form.workflow-move[data-action='pass_secrecy']").wait_for()
