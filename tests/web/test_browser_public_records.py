"""In Chromium: the public reads an agency's registers and finds the online application; the
system administrator keeps the shared 错敏词; a drafter removes an attachment. Every page is
checked with axe-core (WCAG 2.1 A and AA rules)."""

import pytest

from tests.web.test_browser_publishing import assert_accessible, context_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_loaded(transactional_db):
    from django.core.management import call_command

    call_command("load_demo", verbosity=0)


def test_it_shows_the_registers_and_the_online_application_to_the_public(
    chromium, live_server, demo_loaded
):
    public = context_for(chromium, live_server)
    public.goto(f"{live_server.url}/gk/")
    assert_accessible(public)
    public.get_by_role("link", name="新华区教育局决定与收费公示").click()
    public.get_by_role("heading", name="新华区教育局行政许可决定公示").wait_for()
    assert "共 16 件" in public.locator("caption").inner_text()
    assert_accessible(public)
    public.get_by_role("link", name="行政事业性收费", exact=True).click()
    public.get_by_role("heading", name="新华区教育局行政事业性收费公示").wait_for()
    assert "合计 31000.00 元" in public.locator("caption").inner_text()
    assert_accessible(public)

    public.get_by_role("link", name="新华区教育局", exact=True).click()
    public.get_by_role("link", name="依申请公开：在线申请").click()
    # The agency's own page opens the form with that agency already chosen.
    public.wait_for_url("**/apply/?agency=*")
    chosen = public.get_by_label("向哪个机关申请")
    assert chosen.locator("option:checked").inner_text() == "新华区教育局"


def test_it_lets_the_system_administrator_keep_the_shared_words(chromium, live_server, demo_loaded):
    admin = context_for(chromium, live_server, "sysadmin")
    admin.goto(f"{live_server.url}/publishing/words/")
    admin.get_by_role("heading", name="全部机关通用的词语（").wait_for()
    assert_accessible(admin)
    admin.get_by_role("textbox", name="词语").fill("国家计委")
    admin.get_by_label("类别").select_option(label="过时名称")
    admin.get_by_label("建议用语").fill("国家发展和改革委员会")
    admin.get_by_role("button", name="加入通用词库").click()
    admin.get_by_text("“国家计委”已加入词库").wait_for()

    admin.get_by_role("link", name="修改“国家计委”").click()
    assert_accessible(admin)
    admin.get_by_label("建议用语").fill("国家发展改革委")
    admin.get_by_role("button", name="保存").click()
    admin.get_by_text("“国家计委”已修改").wait_for()
    assert admin.get_by_role("cell", name="国家发展改革委", exact=True).is_visible()

    admin.get_by_role("button", name="删除“国家计委”").click()
    admin.get_by_text("“国家计委”已从词库删除").wait_for()
    assert admin.get_by_role("cell", name="国家计委", exact=True).count() == 0
