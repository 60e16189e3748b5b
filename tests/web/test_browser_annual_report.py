"""The annual report from first draft to the portal, in the browser (issue 7's "done when").

No provider can break a table's balance (each record is counted once, in and out), so the
blocking error comes from an explicit manual correction with a reason, the feature a clerk
uses when a record cannot be fixed in time; the clerk then corrects it back.
"""

import datetime as dt
import re

import pytest

from gongkai.workdays import Calendar
from gongkai_web.audit.services import Actor
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = demo.DEMO_PASSWORD


@pytest.fixture
def records(transactional_db):
    from gongkai_web.cases import services as cases
    from gongkai_web.cases.tests.factories import replied

    demo.load()
    bureau = Agency.objects.get(name="新华区教育局")
    for received, closed, row in (
        (dt.date(2024, 3, 1), dt.date(2024, 3, 20), "deny_4"),
        (dt.date(2024, 4, 1), dt.date(2024, 4, 22), "deny_4"),
    ):
        made = cases.receive(
            actor=Actor(None, "public", None, "127.0.0.1"),
            agency=bureau,
            applicant=cases.ApplicantData(
                column="commercial",
                name="某某有限公司",
                id_type="credit_code",
                id_number="114104020050000071",
                legal_representative="李四",
                phone="13800138000",
                description="2024年民办学校审批材料",
                provision_form="email",
                delivery="email",
                email="a@example.com",
            ),
            channel="online",
            received_on=received,
            today=received,
            calendar=Calendar.shipped(),
        )
        replied(made, on=closed, row=row)


def staff_page(chromium, live_server, username):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def status_of(page) -> str:
    return page.locator("#report-status").inner_text()


def test_it_takes_the_report_from_the_records_to_the_portal(chromium, live_server, records):
    clerk = staff_page(chromium, live_server, "jiaoyu_clerk")

    # the clerk creates the 2024 report from the records
    clerk.goto(live_server.url + "/reports/")
    form = clerk.locator("form[action$='/reports/create/']")
    form.locator("input[name=year]").fill("2024")
    form.locator("input[name=as_of]").fill("2025-01-10 09:00")
    form.get_by_role("button").click()
    clerk.get_by_role("heading", name="新华区教育局2024年政府信息公开工作年度报告").wait_for()
    work_url = clerk.url
    assert status_of(clerk) == "草稿"

    # the drill-down of 商业企业 × 保护第三方合法权益 lists its two applications
    cell = clerk.locator("td[data-cell='table3.deny_4[1]'] a")
    assert cell.inner_text() == "2"
    cell.click()
    assert clerk.locator("#drill-count").inner_text() == "2"
    assert clerk.locator("li.drill-item a").count() == 2
    clerk.locator("li.drill-item a").first.click()
    assert re.search(r"/cases/\d+/$", clerk.url)

    # the narrative: a part edited and saved in place (htmx), its figure linked to its source
    clerk.goto(work_url)
    clerk.get_by_role("link", name="编辑正文").click()
    part = clerk.locator("#part-management")
    part.locator("textarea").fill("一是健全信息管理制度。本年新收申请{{table3.new[6]}}件。")
    part.get_by_role("button", name="保存本部分").click()
    clerk.locator("#part-management .preview a.fact", has_text="2").wait_for()

    # a manual correction breaks the balance: a blocking error
    clerk.goto(work_url)
    clerk.locator("summary", has_text="人工更正").click()
    clerk.locator("select#cell").select_option("table3.new[0]")
    clerk.locator("input#value").fill("5")
    clerk.locator("input#reason").fill("按纸质登记簿补录的申请")
    clerk.get_by_role("button", name="保存更正").click()
    assert "个错误" in clerk.locator("#check-summary").inner_text()
    assert clerk.locator("td.flagged[data-cell='table3.new[0]']").count() == 1
    clerk.get_by_role("button", name="提交审核").click()
    assert "错误未解决" in clerk.locator(".messages").inner_text()
    assert status_of(clerk) == "草稿"

    # fixed; every warning acknowledged in writing; sent for review
    clerk.locator("summary", has_text="人工更正").click()
    clerk.locator("select#cell").select_option("table3.new[0]")
    clerk.locator("input#value").fill("0")
    clerk.locator("input#reason").fill("纸质登记簿中的申请已录入系统")
    clerk.get_by_role("button", name="保存更正").click()
    assert "没有错误" in clerk.locator("#check-summary").inner_text()
    while clerk.get_by_role("button", name="书面确认").count():
        form = clerk.locator("form[action$='/acknowledge/']").first
        form.locator("input[name=text]").fill("已核实，说明见正文。")
        form.get_by_role("button", name="书面确认").click()
    clerk.get_by_role("button", name="提交审核").click()
    assert status_of(clerk) == "待审核"

    # the reviewer and the leader sign, each in turn
    reviewer = staff_page(chromium, live_server, "jiaoyu_reviewer")
    reviewer.goto(work_url)
    reviewer.get_by_role("button", name="审核通过").click()
    assert status_of(reviewer) == "待签发"
    leader = staff_page(chromium, live_server, "jiaoyu_leader")
    leader.goto(work_url)
    leader.get_by_role("button", name="签发", exact=True).click()
    assert status_of(leader) == "已签发待公开"
    clerk.goto(work_url)
    clerk.get_by_role("button", name="公开", exact=True).click()
    assert status_of(clerk) == "已公开"
    signers = clerk.locator("table.workflow-steps").inner_text()
    assert "王登记" in signers and "李审核" in signers and "赵领导" in signers

    # it appears on the portal, for anyone
    public = chromium.new_context(locale="zh-CN").new_page()
    public.goto(live_server.url + "/gk/reports/")
    public.get_by_role("link", name=re.compile("新华区教育局 2024 年度报告")).click()
    public.get_by_role("heading", name="新华区教育局2024年政府信息公开工作年度报告").wait_for()
    assert public.locator("td[data-cell='table3.deny_4[1]']").inner_text() == "2"
    assert "健全信息管理制度。本年新收申请2件" in public.content()

    # the supervisor sees it published and the roll-up balanced
    supervisor = staff_page(chromium, live_server, "xinhua_supervisor")
    supervisor.goto(live_server.url + "/reports/overview/?year=2024")
    row = supervisor.locator("#overview tr", has_text="新华区教育局")
    assert "已公开" in row.inner_text()
    supervisor.get_by_role("link", name="新华区人民政府 汇总与图表").click()
    assert "汇总平衡" in supervisor.locator("#rollup-check").inner_text()
    assert supervisor.locator("figure svg").count() == 2
