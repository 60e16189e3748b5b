"""In Chromium: a clerk sees only its agency and logs out; a supervisor sees the agencies below."""

from __future__ import annotations

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Gongkai#2024"


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def log_in(page, live_server, username: str) -> None:
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="登录").first.click()
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.get_by_role("button", name="退出登录").wait_for()


def agency_names(page) -> list[str]:
    page.get_by_role("navigation", name="主导航").get_by_role("link", name="机关").click()
    page.get_by_role("heading", name="机关").wait_for()
    return page.locator("table.agency-tree tbody a").all_inner_texts()


def test_a_clerk_sees_only_its_agency_then_logs_out(page, live_server, demo_loaded):
    log_in(page, live_server, "jiaoyu_clerk")

    assert agency_names(page) == ["新华区教育局"]

    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("link", name="登录").first.wait_for()
    page.goto(live_server.url + "/agencies/")
    assert "/accounts/login/" in page.url


def test_a_supervisor_sees_the_agencies_below(page, live_server, demo_loaded):
    log_in(page, live_server, "xinhua_supervisor")

    names = agency_names(page)

    assert names[0] == "新华区人民政府"
    assert {"新华区教育局", "新华区实验小学", "新华区财政局", "新华区卫生健康委员会"} <= set(names)
    assert "平顶山市人民政府" not in names
    page.get_by_role("link", name="新华区教育局").click()
    page.get_by_role("heading", name="新华区教育局").wait_for()
    assert page.get_by_text("新华区电化教育馆（新华区教育局政务公开工作牵头单位）").is_visible()
