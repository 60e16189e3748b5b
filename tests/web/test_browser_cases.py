"""One application end to end in the browser, on a calendar walked forward by the test.

A citizen applies online → the clerk assigns it and signs for it → asks for 补正 → the
correction arrives → a third-party consultation stops the clock → the leader approves an
extension → the clerk drafts the reply, the reviewer approves it, the leader signs it → the
letter cites the right article and the remedies → delivered → archived; table 三 counts it
once. "Today" is set (gongkai_web.clock) so that the weeks pass in seconds; every due date shown is compared
with the core clock's answer for the same dates.
"""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.contrib.sessions.backends.db import SessionStore
from docx import Document

from gongkai.workdays import Calendar, Pause, PauseKind
from gongkai.workdays.clock import CaseClock
from gongkai_web.cases import captcha
from gongkai_web.cases.models import CaseSettings
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date
CAL = Calendar.shipped()
PASSWORD = demo.DEMO_PASSWORD


@pytest.fixture
def today(frozen_clock):
    frozen_clock.set(D(2025, 3, 3))
    return frozen_clock


@pytest.fixture
def agencies(transactional_db):
    demo.load()
    # Replies name the court from the agency's settings (a letter naming none is not signed).
    CaseSettings.objects.create(
        agency=Agency.objects.get(name="新华区教育局"),
        letter_prefix="新公",
        court="新华区人民法院",
        fee_payment="持本通知书到新华区政务服务中心非税收入收缴窗口缴纳",
    )


def staff_page(chromium, live_server, username):
    context = chromium.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    return page


def docx_text(download, tmp_path) -> str:
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return "\n".join(p.text for p in Document(io.BytesIO(path.read_bytes())).paragraphs)


def test_it_walks_one_application_from_the_public_form_to_the_archive(
    page, chromium, live_server, agencies, today, tmp_path
):
    # --- the citizen ------------------------------------------------------------------------
    page.goto(live_server.url + "/apply/")
    page.get_by_label("向哪个机关申请").select_option(label="新华区教育局")
    page.get_by_label("申请人类型").select_option("natural_person")
    page.get_by_label("姓名或单位名称").fill("张三")
    page.get_by_label("证件类型").select_option("resident_id")
    page.get_by_label("证件号码或统一社会信用代码").fill("11010519491231002X")
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_label("电子邮箱").fill("zhangsan@example.com")
    page.get_by_label("所需信息的内容描述").fill("2025年义务教育阶段学校招生划片范围")
    page.get_by_label("提供形式").select_option("email")
    page.get_by_label("获取方式").select_option("email")
    page.wait_for_function("document.getElementById('captcha-image').naturalWidth > 0")
    session_key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    page.get_by_label("验证码").fill(SessionStore(session_key).load()[captcha.SESSION_KEY])
    page.get_by_role("button", name="提交申请").click()

    tracking = page.locator("#tracking").inner_text()
    received = D(2025, 3, 3)
    assert page.locator("#due").inner_text() == CaseClock(received=received).due(CAL).isoformat()
    with page.expect_download() as caught:
        page.locator("#receipt").click()
    assert "2025年3月31日前" in docx_text(caught.value, tmp_path)

    # --- the clerk assigns, signs for, asks for a correction --------------------------------
    clerk = staff_page(chromium, live_server, "jiaoyu_clerk")
    clerk.goto(live_server.url + "/cases/")
    clerk.get_by_role("link", name=tracking).click()
    case_url = clerk.url

    def act(page, section, fields=None, button=None, on=None):
        page.goto(case_url)  # each actor's page may show an earlier state
        box = page.locator(f"#act-{section}")
        for name, value in (fields or {}).items():
            field = box.locator(f"[name={name}]").first
            if field.evaluate("e => e.tagName") == "SELECT":
                field.select_option(label=value)
            else:
                field.fill(value)
        if on is not None:
            today.set(on)
            box.locator("[name=on]").first.fill(on.isoformat())
        box.get_by_role("button", name=button).click() if button else box.locator(
            "button"
        ).first.click()
        page.wait_for_load_state()
        errors = page.locator(".msg-error")
        assert errors.count() == 0, errors.all_inner_texts()

    def shown_due(page) -> str:
        return page.locator("#due").inner_text()

    act(clerk, "assign", {"unit": "新华区教育局", "handler": "王登记"}, on=D(2025, 3, 3))
    act(clerk, "sign_for", button="签收", on=D(2025, 3, 4))
    assert shown_due(clerk) == "2025-03-31"
    act(
        clerk,
        "request_correction",
        {"items": "请写明学校名称", "deadline": "2025-03-20"},
        on=D(2025, 3, 5),
    )
    assert clerk.locator("#state").inner_text() == "等待补正"
    act(clerk, "receive_correction", button="登记收到补正", on=D(2025, 3, 10))
    corrected = CaseClock(received=received, corrected=D(2025, 3, 10))
    assert shown_due(clerk) == corrected.due(CAL).isoformat() == "2025-04-08"

    # --- a third-party consultation stops the clock ------------------------------------------
    act(clerk, "start_consultation", {"party": "某科技有限公司"}, on=D(2025, 3, 12))
    assert shown_due(clerk) == "暂停计算"
    act(clerk, "end_consultation", {"opinion": "同意公开"}, on=D(2025, 3, 20))
    pause = Pause(PauseKind.THIRD_PARTY, D(2025, 3, 12), D(2025, 3, 20))
    paused = CaseClock(received=received, corrected=D(2025, 3, 10), pauses=(pause,))
    assert shown_due(clerk) == paused.due(CAL).isoformat() == "2025-04-16"

    # --- the leader approves an extension ----------------------------------------------------
    leader = staff_page(chromium, live_server, "jiaoyu_leader")
    act(leader, "extend", {"reason": "需要调取档案核对"}, on=D(2025, 3, 24))
    extended = CaseClock(
        received=received, corrected=D(2025, 3, 10), pauses=(pause,), extended=True
    )
    assert shown_due(leader) == extended.due(CAL).isoformat()

    # --- drafted, reviewed, signed ----------------------------------------------------------
    # The drafter's text check: one click shows the problems and fills in the corrections.
    clerk.goto(case_url)
    draft = clerk.locator("#act-submit_draft")
    draft.locator("[name=disposition]").select_option(label="（一）予以公开（予以提供）")
    draft.locator("[name=provision_note]").fill("通过电子邮件提供,请查收。。")
    draft.get_by_role("button", name="检查文字并预览").click()
    clerk.wait_for_load_state()
    assert "重复标点" in clerk.locator("#draft-check").inner_text()
    draft = clerk.locator("#act-submit_draft")
    assert draft.locator("[name=provision_note]").input_value() == "通过电子邮件提供，请查收。"
    assert "60日内向新华区人民政府申请行政复议" in clerk.locator("#draft-preview").inner_text()
    act(
        clerk,
        "submit_draft",
        {"disposition": "（一）予以公开（予以提供）", "provision_note": "通过电子邮件提供"},
        on=D(2025, 4, 7),
    )
    reviewer = staff_page(chromium, live_server, "jiaoyu_reviewer")
    act(reviewer, "review", button="审核通过", on=D(2025, 4, 8))
    act(leader, "sign", button="签发", on=D(2025, 4, 9))
    assert leader.locator("#state").inner_text() == "已答复"
    number = leader.locator("#reply-number").inner_text()
    assert number == "新公复〔2025〕1号"
    with leader.expect_download() as caught:
        leader.locator("#letters").get_by_role("link", name=f"政府信息公开告知书 {number}").click()
    text = docx_text(caught.value, tmp_path)
    assert "第三十六条第（二）项" in text
    assert "60日内向新华区人民政府申请行政复议" in text
    assert "6个月内向新华区人民法院提起行政诉讼" in text
    assert "2025年3月3日" in text

    # --- delivered and archived --------------------------------------------------------------
    act(clerk, "deliver", {"proof": "已发送至 zhangsan@example.com"}, on=D(2025, 4, 10))
    assert clerk.locator("#delivered").inner_text().startswith("2025-04-10")
    act(clerk, "archive", on=D(2025, 4, 11))
    assert clerk.locator("#state").inner_text() == "已归档"

    # --- the applicant sees the outcome; table 三 counts it once -----------------------------
    page.goto(live_server.url + "/track/")
    page.get_by_label("查询码").fill(tracking)
    page.get_by_label("联系电话").fill("13800138000")
    page.get_by_role("button", name="查询").click()
    assert page.locator("#state").inner_text() == "已归档"

    bureau = Agency.objects.get(name="新华区教育局")
    clerk.goto(f"{live_server.url}/cases/table3/?agency={bureau.pk}&year=2025")
    cells = {
        row: clerk.locator(f"tr[data-row='{row}'] td").all_inner_texts()
        for row in ("new", "granted", "total", "carry_next", "carried")
    }
    assert cells["new"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert cells["granted"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert cells["total"] == ["1", "0", "0", "0", "0", "0", "1"]
    assert cells["carry_next"] == ["0"] * 7
    assert cells["carried"] == ["0"] * 7
