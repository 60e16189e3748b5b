"""The applicant's first step and intake routing in the browser: typing a published
document's title on /apply/ shows it (and the button finds it without JavaScript); a 转12345
hand-off, reviewed and signed, counts once in table 三's row 信访举报投诉类申请."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.publishing.review import Stage
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services, timekeeping
from gongkai_web.cases.models import Application, CaseSettings
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.workflow import SecrecyConclusion

from .test_browser_cases import staff_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

D = dt.date
TITLE = "新华区教育局关于2025年秋季学期中小学招生工作的通知"


@pytest.fixture
def bureau(transactional_db) -> Agency:
    demo.load()
    agency = Agency.objects.get(name="新华区教育局")
    CaseSettings.objects.create(agency=agency, letter_prefix="新公", court="新华区人民法院")
    return agency


def publish(agency: Agency) -> int:
    from django.contrib.auth.models import User

    def actor(name: str) -> Actor:
        return Actor(user=User.objects.get(username=name), agency=agency)

    category = publishing.create_category(
        actor=Actor(user=None, role="system"), agency=agency, name="招生工作"
    )
    entry = publishing.create_entry(
        actor=actor("jiaoyu_clerk"), agency=agency, title=TITLE, summary="招生安排。",
        body="各学校：请做好招生工作。", written_on=D(2025, 3, 1), category=category,
    )  # fmt: skip
    entry = publishing.submit(actor=actor("jiaoyu_clerk"), entry=entry)
    for stage, name in (
        (Stage.SECRECY, "jiaoyu_reviewer"), (Stage.FIRST, "jiaoyu_editor"),
        (Stage.SECOND, "jiaoyu_reviewer"), (Stage.FINAL, "jiaoyu_leader"),
    ):  # fmt: skip
        entry = publishing.decide(
            actor=actor(name), entry=entry, stage=stage, passed=True, opinion="同意",
            conclusion=SecrecyConclusion.NONE if stage is Stage.SECRECY else "",
        )  # fmt: skip
    return entry.pk


def test_it_shows_an_applicant_the_published_document_whose_title_they_type(
    page, chromium, live_server, bureau
) -> None:
    entry_id = publish(bureau)
    page.goto(f"{live_server.url}/apply/?agency={bureau.pk}")
    page.get_by_label("所需信息的内容描述").press_sequentially("申请公开" + TITLE[:16], delay=20)
    found = page.locator("#published-matches")
    found.get_by_role("link", name=TITLE).wait_for()
    assert "「该信息已主动公开」" in found.inner_text()
    link = found.get_by_role("link", name=TITLE).get_attribute("href")
    assert link == f"/gk/entry/{entry_id}/"
    assert "暂无足够数据" in page.locator("#reply-times").inner_text()

    # Without JavaScript the button asks the server for the same list.
    plain = chromium.new_context(java_script_enabled=False, locale="zh-CN").new_page()
    plain.goto(f"{live_server.url}/apply/?agency={bureau.pk}")
    plain.get_by_label("所需信息的内容描述").fill(TITLE)
    plain.get_by_role("button", name="查找已公开信息").click()
    plain.locator("#published-matches").get_by_role("link", name=TITLE).wait_for()
    assert plain.get_by_label("所需信息的内容描述").input_value() == TITLE
    assert not Application.objects.exists()
    plain.context.close()


def test_it_counts_a_12345_hand_off_once_in_the_petition_row_of_table_3(
    chromium, live_server, bureau, frozen_clock, monkeypatch
) -> None:
    frozen_clock.set(D(2025, 3, 4))
    application = services.receive(
        actor=Actor(None, "public", None, "127.0.0.1"), agency=bureau,
        applicant=services.ApplicantData(
            column="natural_person", name="张三", id_type="resident_id",
            id_number="11010519491231002X", phone="13800138000",
            description="投诉某培训机构违规收费，要求查处", provision_form="paper", delivery="collect",
        ),
        channel="online", received_on=D(2025, 3, 3), today=D(2025, 3, 3),
        calendar=timekeeping.calendar(),
    )  # fmt: skip
    case_url = f"{live_server.url}/cases/{application.pk}/"

    clerk = staff_page(chromium, live_server, "jiaoyu_clerk")
    clerk.goto(case_url)
    box = clerk.locator("#act-hand_off")
    box.locator("[name=route]").select_option(label="转12345")
    box.locator("[name=receiver]").fill("新华区12345政务服务便民热线")
    box.locator("[name=reference]").fill("GD2025030400012")
    box.get_by_role("button", name="转交并拟写告知书").click()
    clerk.wait_for_load_state()
    assert clerk.locator("#state").inner_text() == "待审核"
    assert "转12345：新华区12345政务服务便民热线" in clerk.locator("#handoff").inner_text()

    for name, section, button in (
        ("jiaoyu_reviewer", "#act-review", "审核通过"),
        ("jiaoyu_leader", "#act-sign", "签发"),
    ):
        person = staff_page(chromium, live_server, name)
        person.goto(case_url)
        person.locator(section).get_by_role("button", name=button, exact=True).click()
        person.wait_for_load_state()
        assert person.locator(".msg-error").count() == 0, person.locator(
            ".msg-error"
        ).all_inner_texts()
    clerk.goto(case_url)
    assert clerk.locator("#state").inner_text() == "已答复"
    assert "不予处理告知书" in clerk.locator("#letters").inner_text()

    clerk.goto(f"{live_server.url}/cases/table3/?agency={bureau.pk}&year=2025")
    cells = clerk.locator("tr[data-row=noprocess_1] td").all_inner_texts()
    assert cells == ["1", "0", "0", "0", "0", "0", "1"]
    total = clerk.locator("tr[data-row=total] td").all_inner_texts()
    assert total[-1] == "1"  # counted once: no other outcome row holds it
    other_rows = clerk.locator("tbody tr").evaluate_all(
        "rows => rows.filter(r => !['new', 'total', 'noprocess_1'].includes(r.dataset.row))"
        ".map(r => r.cells[r.cells.length - 1].innerText)"
    )
    assert set(other_rows) == {"0"}
