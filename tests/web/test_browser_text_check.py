"""The drafter sees the text checker's findings in the narrative editor and fixes a part with
one click (htmx swaps the part in place; the save is the editor's own, audited)."""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.models import AnnualReport
from gongkai_web.audit.services import Actor
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SLOPPY = "一是规范信息管理,本年新收申请 {{table3.new[6]}} 件。。截至2024-12-31全部办结。"
CLEAN = "一是规范信息管理，本年新收申请{{table3.new[6]}}件。截至2024年12月31日全部办结。"


@pytest.fixture
def draft(transactional_db) -> AnnualReport:
    demo.load()
    bureau = Agency.objects.get(name="新华区教育局")
    clerk = Actor(get_user_model().objects.get(username="jiaoyu_clerk"), "clerk", bureau)
    stored = services.create_report(
        actor=clerk,
        agency=bureau,
        year=2024,
        as_of=timezone.make_aware(dt.datetime(2025, 1, 10, 9, 0)),
    )
    return services.save_narrative(actor=clerk, stored=stored, parts={"management": SLOPPY})


def test_it_shows_a_finding_in_the_editor_and_fixes_it_with_one_click(
    page, live_server, draft
) -> None:  # type: ignore[no-untyped-def]
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill("jiaoyu_clerk")
    page.get_by_label("密码").fill(demo.DEMO_PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/reports/{draft.pk}/narrative/")

    part = page.locator("#part-management")
    check = part.get_by_role("status")
    assert "文字检查：5 处" in check.inner_text()
    assert "半角逗号：“,”应为“，”" in check.inner_text()
    assert "数字日期：“2024-12-31”应为“2024年12月31日”" in check.inner_text()
    assert page.locator("#part-oversight").get_by_role("status").count() == 0

    part.get_by_role("button", name="一键改正本部分").click()

    page.locator("#part-management .text-check").wait_for(state="detached")
    fixed = page.locator("#part-management textarea")
    assert fixed.input_value() == CLEAN
    assert (
        "本年新收申请0件。截至2024年12月31日全部办结。"
        in page.locator("#part-management .preview").inner_text()
    )
    assert AnnualReport.objects.get(pk=draft.pk).narrative["management"] == CLEAN
