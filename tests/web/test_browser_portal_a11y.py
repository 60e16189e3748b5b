"""Every public portal page and the publishing office's remaining pages pass axe-core's
WCAG 2.1 A and AA rules, and the portal can be used from the keyboard alone."""

import datetime as dt

import pytest

from gongkai_web.audit.services import Actor
from gongkai_web.cases.models import Application
from gongkai_web.operations.files import store_file
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import services
from gongkai_web.publishing.models import Attachment, Category, Disclosure, Entry
from tests.web.test_browser_publishing import assert_accessible, context_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUREAU = "新华区教育局"


@pytest.fixture
def portal(transactional_db):
    """The demo, plus what it lacks for these pages: an attachment on a public entry and an
    entry withheld from the public that is due for re-assessment."""
    from django.contrib.auth.models import User
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)
    agency = Agency.objects.get(name=BUREAU)
    clerk = Actor(user=User.objects.get(username="jiaoyu_clerk"), agency=agency)
    entry = Entry.objects.get(title="新华区2024年义务教育阶段学校招生入学工作方案")
    # A published entry takes no new attachment through the services (only drafts do).
    stored = store_file(actor=clerk, name="学区示意图.pdf", data=b"%PDF-1.4 demo", agency=agency)
    Attachment.objects.create(entry=entry, file=stored)
    services.create_entry(
        actor=clerk, agency=agency, title="新华区教育局内部工作规程", summary="内部管理流程。",
        body="仅供内部使用。", written_on=dt.date(2024, 3, 1),
        category=Category.objects.get(agency=agency, name="其他文件"),
        disclosure=Disclosure.WITHHELD, withheld_reason="内部事务信息",
    )  # fmt: skip
    return {
        "agency": agency,
        "entry": entry,
        "category": Category.objects.get(agency=agency, name="招生入学"),
        "application": Application.objects.order_by("pk").first(),
    }


def test_it_passes_axe_on_every_public_portal_page(chromium, live_server, portal):
    url, agency = live_server.url, portal["agency"]
    public = context_for(chromium, live_server)
    pages = {
        f"/gk/agency/{agency.pk}/guide/": f"{BUREAU}政府信息公开指南",
        f"/gk/agency/{agency.pk}/": f"{BUREAU}政府信息公开目录",
        f"/gk/agency/{agency.pk}/?category={portal['category'].pk}": f"{BUREAU}政府信息公开目录",
        f"/gk/entry/{portal['entry'].pk}/": portal["entry"].title,
        "/gk/search/?q=招生": "全文检索",
        "/gk/search/?q=不存在的关键词": "全文检索",
        "/gk/reports/": "政府信息公开工作年度报告",
        f"/gk/agency/{agency.pk}/registers/": f"{BUREAU}行政许可决定公示",
        f"/gk/agency/{agency.pk}/registers/fees/": f"{BUREAU}行政事业性收费公示",
        "/apply/": "申请政府信息公开",
        "/track/": "办理进度查询",
    }
    for path, heading in pages.items():
        response = public.goto(url + path)
        assert response is not None and response.status == 200, path
        public.get_by_role("heading", name=heading, exact=True).wait_for()
        assert_accessible(public)
    public.goto(f"{url}/gk/entry/{portal['entry'].pk}/")
    assert public.get_by_role("link", name="学区示意图.pdf").is_visible()
    public.goto(f"{url}/gk/search/?q=招生")
    assert public.get_by_role("status").inner_text().startswith("找到")
    public.goto(f"{url}/gk/search/?q=不存在的关键词")
    assert public.get_by_role("status").inner_text() == "找到 0 条结果"

    # The form as the server sends it back with an error (past the browser's own checks).
    public.goto(f"{url}/apply/")
    public.locator("main form").evaluate("form => { form.noValidate = true; }")
    public.get_by_role("button", name="提交申请").click()
    public.get_by_role("alert").first.wait_for()
    assert_accessible(public)

    # The lookup's two other states: not found, and found.
    public.goto(f"{url}/track/")
    public.get_by_label("查询码").fill("GK0000000000")
    public.get_by_label("联系电话").fill("13800000000")
    public.get_by_role("button", name="查询").click()
    public.get_by_role("alert").wait_for()
    assert_accessible(public)
    application = portal["application"]
    if application is not None:
        public.get_by_label("查询码").fill(application.tracking_number)
        public.get_by_label("联系电话").fill(application.phone)
        public.get_by_role("button", name="查询").click()
        public.locator("#state").wait_for()
        assert_accessible(public)


def test_it_passes_axe_on_the_publishing_office_pages(chromium, live_server, portal):
    url, agency = live_server.url, portal["agency"]
    clerk = context_for(chromium, live_server, "jiaoyu_clerk")
    for path in (
        "/publishing/",
        f"/publishing/registers/?agency={agency.pk}&year=2024",
        f"/publishing/words/?agency={agency.pk}",
        f"/publishing/reassess/?agency={agency.pk}",
        f"/publishing/guide/?agency={agency.pk}",
        f"/publishing/settings/?agency={agency.pk}",
    ):
        response = clerk.goto(url + path)
        assert response is not None and response.status == 200, path
        assert_accessible(clerk)
    clerk.goto(f"{url}/publishing/reassess/?agency={agency.pk}")
    assert clerk.get_by_text("新华区教育局内部工作规程").is_visible()


def _focused(page):
    return page.evaluate(
        """() => {
          const el = document.activeElement, r = el.getBoundingClientRect();
          return {text: el.innerText || '', id: el.id,
                  box: {x: r.left - 4, y: r.top - 4, width: r.width + 8, height: r.height + 8},
                  visible: r.height > 0 && r.left >= 0 && r.top >= 0 && r.right <= innerWidth};
        }"""
    )


def _tab_to(page, matches, limit):
    for _ in range(limit):
        page.keyboard.press("Tab")
        found = _focused(page)
        if matches(found):
            return found
    raise AssertionError(f"{limit} presses of Tab did not reach the element")


def _shows_focus(page, focused) -> bool:
    """Whether the focused element (and a few pixels around it, where an outline is drawn)
    looks different once focus leaves it, then gives the focus back."""
    element = page.evaluate_handle("document.activeElement")
    with_focus = page.screenshot(clip=focused["box"])
    page.evaluate("document.activeElement.blur()")
    without = page.screenshot(clip=focused["box"])
    element.evaluate("el => el.focus()")
    return with_focus != without


def test_it_is_usable_from_the_keyboard_with_a_visible_focus(chromium, live_server, portal):
    url, agency = live_server.url, portal["agency"]
    public = context_for(chromium, live_server)
    public.goto(f"{url}/gk/agency/{agency.pk}/")

    # The first Tab lands on the skip link, which shows itself and leads to the content.
    public.keyboard.press("Tab")
    skip = _focused(public)
    assert skip["text"] == "跳到正文" and skip["visible"]
    public.keyboard.press("Enter")
    public.wait_for_url("**#main")

    # Past the masthead: the breadcrumb and the agency's four links (guide, the two registers,
    # the online application) come before the search box.
    search = _tab_to(public, lambda f: f["id"] == "q-box", limit=7)
    assert _shows_focus(public, search)
    link = _tab_to(public, lambda f: f["text"] == "招生入学", limit=30)
    assert link["visible"] and _shows_focus(public, link)
    public.keyboard.press("Enter")
    public.get_by_role("heading", name="招生入学（共 1 条）").wait_for()
    assert f"category={portal['category'].pk}" in public.url
