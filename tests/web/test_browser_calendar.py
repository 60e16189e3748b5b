"""The system administrator enters 2027 in Chromium: the case page warns that its extended due
date needs 2027 → the sysadmin pastes the State Council's notice → previews it (htmx) → confirms
→ the case page shows the due date in 2027. Every page on the way is checked with axe-core.

The 2027 notice is invented for the test (gongkai_web/operations/tests/notices.py); the real
2027 schedule is not known to us.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases import timekeeping
from gongkai_web.cases.models import Application
from gongkai_web.operations.models import CalendarYear
from gongkai_web.operations.tests.notices import NOTICE_2027
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency

from .test_browser_publishing import assert_accessible

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date


@pytest.fixture
def late_2026(frozen_clock) -> None:
    frozen_clock.set(D(2026, 12, 1))


@pytest.fixture
def extended_application(transactional_db: None, late_2026: None) -> Application:
    demo.load()
    agency = Agency.objects.get(name="新华区教育局")
    application = cases.receive(
        actor=Actor(None, "public", None, "127.0.0.1"),
        agency=agency,
        applicant=cases.ApplicantData(
            column="natural_person",
            name="张三",
            id_type="resident_id",
            id_number="11010519491231002X",
            phone="13800138000",
            description="2026年秋季学期课后服务收费标准",
            provision_form="email",
            delivery="email",
            email="zhangsan@example.com",
        ),
        channel="online",
        received_on=D(2026, 11, 27),
        today=D(2026, 11, 27),
        calendar=timekeeping.calendar(),
    )
    # Extended on 1 December; the letter is not what this test is about.
    Application.objects.filter(pk=application.pk).update(extended=True)
    return application


def signed_in(chromium, live_server, username: str):  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(User.objects.get(username=username))
    context = chromium.new_context(locale="zh-CN")
    context.add_cookies([{
        "name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url,
    }])  # fmt: skip
    page = context.new_page()
    page.set_default_timeout(15_000)
    return page


# extended_application comes first: made after the browser had started, the live server's first
# page waited on the database until Playwright's timeout.
def test_it_enters_2027_from_the_notice_and_the_case_shows_its_due_date_in_2027(
    extended_application, chromium, live_server
) -> None:
    case_url = f"{live_server.url}/cases/{extended_application.pk}/"
    clerk = signed_in(chromium, live_server, "jiaoyu_clerk")
    clerk.goto(case_url)
    assert clerk.locator("#due").inner_text() == (
        "日历中没有 2027 年的节假日安排，请由管理员录入国务院办公厅公布的 2027 年安排"
    )
    warning = clerk.locator("[data-missing-year='2027']")
    assert "跨年的期限将无法计算" in warning.inner_text()
    assert "请联系系统管理员" in warning.inner_text()
    assert_accessible(clerk)

    # The system administrator logs in and follows the navigation to the calendar.
    admin = chromium.new_context(locale="zh-CN").new_page()
    admin.set_default_timeout(15_000)
    admin.goto(f"{live_server.url}/accounts/login/")
    admin.get_by_label("用户名").fill("sysadmin")
    admin.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    admin.get_by_role("button", name="登录").click()
    admin.wait_for_load_state()
    admin.get_by_role("navigation", name="主导航").get_by_role("link", name="节假日安排").click()
    admin.get_by_role("heading", name="工作日日历：节假日安排").wait_for()
    alert = admin.locator("[data-missing-year='2027']")
    assert "2027 年的节假日安排尚未录入，跨年的期限将无法计算。" in alert.inner_text()
    assert_accessible(admin)

    alert.get_by_role("link", name="录入 2027 年的安排").click()
    admin.get_by_role("heading", name="录入节假日安排").wait_for()
    assert admin.get_by_label("年份").input_value() == "2027"
    assert_accessible(admin)

    # A wrong weekday: the Chinese error says which sentence and why; nothing is saved.
    admin.get_by_label("通知全文或数据文件").fill(
        NOTICE_2027.replace("1月1日（周五）", "1月1日（周六）")
    )
    admin.get_by_role("button", name="预览").click()
    error = admin.locator("#preview [role='alert']")
    error.wait_for()
    assert "2027年1月1日是星期五，而通知写的是“1月1日（周六）”" in error.inner_text()

    admin.get_by_label("通知全文或数据文件").fill(NOTICE_2027)
    admin.get_by_label("文号或来源").fill("国办发明电〔2026〕99号（测试用虚构）")
    admin.get_by_role("button", name="预览").click()
    admin.get_by_role("heading", name="预览：2027 年节假日安排（尚未保存）").wait_for()
    assert admin.locator("[data-field='holidays']").inner_text() == "28"
    assert admin.locator("[data-field='makeup']").inner_text() == "6"
    assert admin.locator("td[data-date='2027-02-05']").get_attribute("class") == "day-holiday"
    assert admin.locator("td[data-date='2027-02-13']").get_attribute("class") == (
        "day-makeup_workday"
    )
    assert admin.locator("table.month").count() == 12
    assert not CalendarYear.objects.exists()
    assert_accessible(admin)

    admin.get_by_role("button", name="确认录入 2027 年的安排").click()
    admin.get_by_text("已录入 2027 年的节假日安排：放假 28 天，调休上班 6 天。").wait_for()
    assert admin.locator("[data-missing-year]").count() == 0
    row = admin.locator("tr[data-year='2027']")
    assert "国办发明电〔2026〕99号（测试用虚构）" in row.inner_text()
    assert_accessible(admin)

    row.get_by_role("link", name="2027 年").click()
    admin.get_by_role("heading", name="2027 年节假日安排").wait_for()
    assert_accessible(admin)

    clerk.goto(case_url)
    assert clerk.locator("#due").inner_text() == "2027-01-25"
    assert clerk.locator("[data-missing-year]").count() == 0
