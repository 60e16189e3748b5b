"""目录设置: the 索引号 template and the 目录分类 tree, through the services and the pages."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import Actor
from gongkai_web.publishing import services
from gongkai_web.publishing.models import Category, Entry, IndexCounter, PublishingSettings
from gongkai_web.publishing.selectors import SearchFilters, search

JULY = dt.date(2024, 7, 9)


@pytest.fixture
def editor(desk):
    return desk.actor("jiaoyu_clerk")


@pytest.fixture
def admissions(desk, editor):
    """招生入学 with 小学招生 and 初中招生 under it, beside the desk's 法规文件."""
    top = services.create_category(actor=editor, agency=desk.agency, name="招生入学")
    primary = services.create_category(
        actor=editor, agency=desk.agency, name="小学招生", parent=top
    )
    middle = services.create_category(actor=editor, agency=desk.agency, name="初中招生", parent=top)
    return top, primary, middle


def reloaded(category):
    return Category.objects.select_related("parent").get(pk=category.pk)


def actions(agency):
    return list(
        AuditEntry.objects.filter(agency=agency, action__startswith="catalogue.")
        .order_by("seq")
        .values_list("action", flat=True)
    )


# --- the category tree -------------------------------------------------------------------


def test_it_records_an_audit_row_for_every_change_to_the_tree(desk, editor, admissions):
    _, primary, middle = admissions
    services.rename_category(actor=editor, category=primary, name="小学入学")
    services.reorder_category(actor=editor, category=middle, position=0)
    services.move_category(actor=editor, category=middle, parent=desk.category)
    services.delete_category(actor=editor, category=reloaded(middle))

    assert actions(desk.agency)[-7:] == [
        "catalogue.category",
        "catalogue.category",
        "catalogue.category",
        "catalogue.category.renamed",
        "catalogue.category.reordered",
        "catalogue.category.moved",
        "catalogue.category.deleted",
    ]
    moved = AuditEntry.objects.get(action="catalogue.category.moved")
    assert moved.changes["path"] == {"before": "招生入学/初中招生", "after": "法规文件/初中招生"}
    assert moved.actor_name == "jiaoyu_clerk"


def test_it_adds_a_child_after_its_siblings(desk, admissions):
    top, primary, middle = admissions
    assert [c.name for c in top.children.all()] == ["小学招生", "初中招生"]
    assert (primary.position, middle.position) == (0, 1)


def test_it_refuses_a_name_already_used_beside_it_even_at_the_top(desk, editor, admissions):
    _, primary, _ = admissions
    with pytest.raises(ValidationError, match="“招生入学”下已有名为“初中招生”的分类"):
        services.rename_category(actor=editor, category=primary, name="初中招生")
    with pytest.raises(ValidationError, match="“顶层”下已有名为“法规文件”的分类"):
        services.create_category(actor=editor, agency=desk.agency, name=" 法规文件 ")
    with pytest.raises(ValidationError, match="请填写分类名称"):
        services.create_category(actor=editor, agency=desk.agency, name="  ")


def test_it_refuses_to_move_a_category_under_itself_or_below_it(desk, editor, admissions):
    top, primary, _ = admissions
    with pytest.raises(ValidationError, match="不能把“招生入学”移到它自己或它的下级分类"):
        services.move_category(actor=editor, category=top, parent=primary)
    with pytest.raises(ValidationError, match="它自己"):
        services.move_category(actor=editor, category=top, parent=top)
    assert reloaded(top).parent_id is None
    assert reloaded(primary).parent_id == top.pk


def test_it_refuses_to_move_a_category_under_another_agencys(desk, editor, cast):
    other = cast.agency("新华区财政局")
    theirs = services.create_category(
        actor=Actor(user=cast.user("caizheng_clerk")), agency=other, name="预算"
    )
    with pytest.raises(ValidationError, match="只能移到本机关的分类之下"):
        services.move_category(actor=editor, category=desk.category, parent=theirs)


def test_it_moves_a_category_to_the_top_and_its_entries_follow_in_search(
    desk, editor, admissions, make_published
):
    top, primary, _ = admissions
    entry = make_published(on=JULY, formed_on=JULY, title="小学招生划片方案", category=primary)
    assert [e.pk for e in search("划片", SearchFilters(category_id=top.pk)).entries] == [entry.pk]

    services.move_category(actor=editor, category=primary, parent=desk.category)

    assert search("划片", SearchFilters(category_id=top.pk)).total == 0
    found = search("划片", SearchFilters(category_id=desk.category.pk))
    assert [e.pk for e in found.entries] == [entry.pk]
    services.move_category(actor=editor, category=primary, parent=None)
    assert reloaded(primary).parent_id is None
    assert search("划片", SearchFilters(category_id=desk.category.pk)).total == 0


def test_it_reorders_siblings_and_closes_the_gaps(desk, editor, admissions):
    top, _, _ = admissions
    high = services.create_category(actor=editor, agency=desk.agency, name="高中招生", parent=top)
    services.reorder_category(actor=editor, category=high, position=0)
    assert [c.name for c in reloaded(top).children.all()] == ["高中招生", "小学招生", "初中招生"]
    services.reorder_category(actor=editor, category=high, position=99)
    assert [(c.name, c.position) for c in reloaded(top).children.all()] == [
        ("小学招生", 0),
        ("初中招生", 1),
        ("高中招生", 2),
    ]
    with pytest.raises(ValidationError, match="已在第 3 位"):
        services.reorder_category(actor=editor, category=high, position=5)


def test_it_refuses_to_delete_a_category_in_use_and_says_how_many_entries(
    desk, editor, admissions, make_published
):
    top, primary, _ = admissions
    desk.draft(title="草稿一", category=primary)
    make_published(on=JULY, formed_on=JULY, title="已公开一", category=primary)
    make_published(on=JULY, formed_on=JULY, title="已公开二", category=primary)

    with pytest.raises(ValidationError) as refused:
        services.delete_category(actor=editor, category=primary)
    assert refused.value.messages == [
        "“招生入学/小学招生”被 3 条目录条目使用（草稿 1 条、已公开 2 条），不能删除。"
        "请先把它们移到其他分类（草稿在编辑页改选“目录分类”，审核中的条目须先退回）；"
        "已公开、已撤回的条目不能改分类，含有它们的分类只能改名或移动。"
    ]
    with pytest.raises(ValidationError, match="下还有 2 个下级分类（小学招生、初中招生）"):
        services.delete_category(actor=editor, category=top)
    assert Category.objects.filter(pk=primary.pk).exists()


def test_it_deletes_an_empty_category_once_its_drafts_have_moved(desk, editor, admissions):
    _, primary, _ = admissions
    draft = desk.draft(title="草稿一", category=primary)
    with pytest.raises(ValidationError, match="草稿 1 条"):
        services.delete_category(actor=editor, category=primary)
    services.update_entry(actor=editor, entry=draft, category=desk.category)
    services.delete_category(actor=editor, category=primary)
    assert not Category.objects.filter(pk=primary.pk).exists()
    assert AuditEntry.objects.get(action="catalogue.category.deleted").changes == {
        "path": "招生入学/小学招生"
    }


# --- the 索引号 template -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("{统一社会信用代码}/{YYYY}-{序号}", "无法识别的占位符 {序号}"),
        ("{统一社会信用代码}/{YYYY}", "必须恰好包含一个流水号占位符"),
        ("{统一社会信用代码}/{NNNNN}", "必须包含年份 {YYYY}"),
        ("{YYYY}-{NNNNN}", "必须包含 {统一社会信用代码} 或 {组织机构代码}"),
        ("{统一社会信用代码}/{YYYY}-{NNNNN", "花括号不成对"),
        ("{统一社会信用代码}" + "公开" * 30 + "{YYYY}-{NNNNN}", "超过 80 个字符的上限"),
        ("{统一社会信用代码}/{YYYY}-{NNNNN}", "没有变化"),
    ],
)
def test_it_refuses_a_template_in_chinese(desk, editor, text, says):
    with pytest.raises(ValidationError) as refused:
        services.set_index_template(actor=editor, agency=desk.agency, text=text, today=JULY)
    assert says in refused.value.message_dict["index_template"][0]
    assert not AuditEntry.objects.filter(action="catalogue.index_template").exists()


def test_it_refuses_a_serial_too_short_for_the_numbers_given_this_year(desk, editor):
    IndexCounter.objects.create(agency=desk.agency, year=2024, last_serial=150)
    with pytest.raises(ValidationError) as refused:
        services.set_index_template(
            actor=editor, agency=desk.agency, text="{统一社会信用代码}-{YYYY}-{NN}", today=JULY
        )
    assert refused.value.message_dict["index_template"] == [
        "本机关 2024 年的流水号已编到 150，模板中的 2 位流水号容纳不下下一个号，"
        "请至少使用 3 位（例如 {NNNNN}）"
    ]
    services.set_index_template(
        actor=editor, agency=desk.agency, text="{统一社会信用代码}-{YYYY}-{NNN}", today=JULY
    )


def test_it_keeps_numbers_already_given_and_numbers_the_next_in_the_new_form(
    desk, editor, make_published
):
    code = desk.agency.credit_code
    before = make_published(on=JULY, formed_on=JULY)
    services.set_index_template(
        actor=editor, agency=desk.agency, text="{组织机构代码}-{YYYY}{MM}-{NNNN}", today=JULY
    )
    after = make_published(on=JULY, formed_on=JULY)

    assert Entry.objects.get(pk=before.pk).index_number == f"{code}/2024-00001"
    assert after.index_number == f"{code[8:17]}-202407-0002"
    row = AuditEntry.objects.get(action="catalogue.index_template")
    assert row.changes == {
        "index_template": ["{统一社会信用代码}/{YYYY}-{NNNNN}", "{组织机构代码}-{YYYY}{MM}-{NNNN}"]
    }


def test_it_never_gives_a_number_twice_after_a_template_change(desk, editor, make_published):
    code = desk.agency.credit_code
    services.set_index_template(
        actor=editor, agency=desk.agency, text="{统一社会信用代码}/{YYYY}-{MM}{NNN}", today=JULY
    )
    july = make_published(on=JULY, formed_on=JULY)
    assert july.index_number == f"{code}/2024-07001"
    # As if 6,999 more had been published since, then the default template came back.
    IndexCounter.objects.filter(agency=desk.agency, year=2024).update(last_serial=7000)
    services.set_index_template(
        actor=editor, agency=desk.agency, text="{统一社会信用代码}/{YYYY}-{NNNNN}", today=JULY
    )
    september = dt.date(2024, 9, 2)
    assert (
        services.preview_index_number(
            agency=desk.agency, text="{统一社会信用代码}/{YYYY}-{NNNNN}", today=september
        )
        == f"{code}/2024-07002"
    )

    later = make_published(on=september, formed_on=september)

    assert later.index_number == f"{code}/2024-07002"  # 07001 is july's, so serial 7001 is skipped
    assert IndexCounter.objects.get(agency=desk.agency, year=2024).last_serial == 7002
    assert Entry.objects.get(pk=july.pk).index_number == f"{code}/2024-07001"


def test_it_refuses_to_publish_in_chinese_when_the_serial_runs_out(desk, editor, make_published):
    services.set_index_template(
        actor=editor, agency=desk.agency, text="{统一社会信用代码}/{YYYY}-{N}", today=JULY
    )
    IndexCounter.objects.create(agency=desk.agency, year=2024, last_serial=9)
    with pytest.raises(ValidationError, match="2024 年的流水号已超过模板允许的 1 位"):
        make_published(on=JULY, formed_on=JULY)


def test_it_previews_the_next_number_without_taking_it(desk, make_published):
    make_published(on=JULY, formed_on=JULY)
    text = "{组织机构代码}/{YYYY}/{NNN}"
    preview = services.preview_index_number(agency=desk.agency, text=text, today=JULY)
    assert preview == f"{desk.agency.credit_code[8:17]}/2024/002"
    assert services.preview_index_number(agency=desk.agency, text=text, today=JULY) == preview
    assert IndexCounter.objects.get(agency=desk.agency, year=2024).last_serial == 1


# --- who may change the settings -----------------------------------------------------------


@pytest.mark.parametrize(
    "username", ["caizheng_clerk", "xinhua_supervisor", "sysadmin", "secadmin", "auditor"]
)
def test_it_lets_no_one_outside_the_agency_change_its_settings(desk, cast, username):
    outsider = Actor(user=cast.user(username))
    with pytest.raises(PermissionDenied, match="只有新华区教育局的主动公开工作人员"):
        services.set_index_template(
            actor=outsider, agency=desk.agency, text="{组织机构代码}/{YYYY}-{NNN}"
        )
    with pytest.raises(PermissionDenied):
        services.create_category(actor=outsider, agency=desk.agency, name="新分类")
    for change in (
        lambda: services.rename_category(actor=outsider, category=desk.category, name="新名称"),
        lambda: services.move_category(actor=outsider, category=desk.category, parent=None),
        lambda: services.reorder_category(actor=outsider, category=desk.category, position=1),
        lambda: services.delete_category(actor=outsider, category=desk.category),
    ):
        with pytest.raises(PermissionDenied):
            change()
    assert not PublishingSettings.objects.filter(agency=desk.agency).exists()


# --- the 目录设置 page ---------------------------------------------------------------------

SETTINGS = "/publishing/settings/"


def category_url(category, verb):
    return f"/publishing/settings/categories/{category.pk}/{verb}/"


def test_it_links_the_settings_from_the_publishing_navigation(desk, login_as):
    page = login_as("jiaoyu_clerk").get(f"/publishing/?agency={desk.agency.pk}").content.decode()
    assert f'href="{SETTINGS}?agency={desk.agency.pk}">目录设置</a>' in page


@pytest.mark.parametrize("username", ["jiaoyu_clerk", "jiaoyu_reviewer", "jiaoyu_leader"])
def test_it_lets_the_bureaus_publishing_staff_change_the_settings(desk, login_as, username):
    client = login_as(username)
    page = client.get(f"{SETTINGS}?agency={desk.agency.pk}").content.decode()
    assert "新华区教育局目录设置" in page and "保存模板" in page and "添加顶层分类" in page

    added = client.post(
        "/publishing/settings/categories/new/", {"agency": desk.agency.pk, "name": "招生入学"}
    )
    created = Category.objects.get(agency=desk.agency, name="招生入学")
    assert added.status_code == 302
    assert added["Location"] == f"{SETTINGS}?agency={desk.agency.pk}&category={created.pk}"
    text = "{组织机构代码}-{YYYY}-{NNNN}"
    saved = client.post(
        "/publishing/settings/template/",
        {"agency": desk.agency.pk, "index_template": text, "action": "save"},
    )
    assert saved.status_code == 302
    assert services.index_template(desk.agency).text == text
    assert AuditEntry.objects.get(action="catalogue.index_template").actor_name == username


@pytest.mark.parametrize(
    ("username", "reads"),
    [
        ("caizheng_clerk", 200),  # the page of its own bureau
        ("xinhua_supervisor", 403),  # reads the agencies below, changes none
        ("sysadmin", 403),
        ("auditor", 403),
    ],
)
def test_it_refuses_changes_by_anyone_outside_the_bureau(desk, login_as, username, reads):
    client = login_as(username)
    page = client.get(f"{SETTINGS}?agency={desk.agency.pk}")
    assert page.status_code == reads
    assert "新华区教育局目录设置" not in page.content.decode()
    posts = [
        ("/publishing/settings/template/", {"index_template": "{组织机构代码}-{YYYY}-{NNN}"}),
        ("/publishing/settings/categories/new/", {"name": "外来分类"}),
        (category_url(desk.category, "rename"), {"name": "外来名称"}),
        (category_url(desk.category, "move"), {"parent": "top"}),
        (category_url(desk.category, "reorder"), {"direction": "down"}),
        (category_url(desk.category, "delete"), {}),
    ]
    for url, data in posts:
        assert client.post(url, {"agency": desk.agency.pk, **data}).status_code == 403, url
    assert [c.name for c in Category.objects.filter(agency=desk.agency)] == ["法规文件"]
    assert not PublishingSettings.objects.filter(agency=desk.agency).exists()


def test_it_sends_a_visitor_to_the_login_page(desk, client):
    assert client.get(SETTINGS)["Location"].startswith("/accounts/login/")
    assert client.post(category_url(desk.category, "delete")).status_code == 302
    assert Category.objects.filter(pk=desk.category.pk).exists()


def test_it_previews_the_next_number_as_an_htmx_fragment(desk, login_as, make_published):
    today = dt.date.today()
    make_published(on=today, formed_on=today)
    client = login_as("jiaoyu_clerk")

    def preview(text):
        query = {"agency": desk.agency.pk, "index_template": text}
        return client.get(SETTINGS, query, HTTP_HX_REQUEST="true").content.decode()

    assert f">{desk.agency.credit_code[8:17]}-{today.year}-002</strong>" in preview(
        "{组织机构代码}-{YYYY}-{NNN}"
    )
    assert "无法识别的占位符 {流水号}" in preview("{组织机构代码}-{YYYY}-{流水号}")
    assert "<html" not in preview("{组织机构代码}-{YYYY}-{NNN}")


def test_it_shows_template_errors_in_chinese_and_saves_nothing(desk, login_as):
    client = login_as("jiaoyu_clerk")
    url = "/publishing/settings/template/"
    bad = client.post(url, {"agency": desk.agency.pk, "index_template": "{统一社会信用代码}-{NNN}"})
    page = bad.content.decode()
    assert bad.status_code == 200
    assert 'aria-invalid="true"' in page and "必须包含年份 {YYYY}" in page
    assert 'value="{统一社会信用代码}-{NNN}"' in page

    text = "{统一社会信用代码}-{YYYY}-{NNN}"
    data = {"agency": desk.agency.pk, "index_template": text, "action": "preview"}
    shown = client.post(url, data).content.decode()
    assert f">{desk.agency.credit_code}-{dt.date.today().year}-001</strong>" in shown
    assert not PublishingSettings.objects.filter(agency=desk.agency).exists()


def test_it_changes_the_tree_through_the_page(desk, login_as, editor, admissions, make_published):
    top, primary, middle = admissions
    client = login_as("jiaoyu_leader")

    client.post(category_url(primary, "rename"), {"name": "小学入学"})
    client.post(category_url(middle, "reorder"), {"direction": "up"})
    client.post(category_url(primary, "move"), {"parent": desk.category.pk})
    assert [c.name for c in reloaded(top).children.all()] == ["初中招生"]
    assert reloaded(primary).parent == desk.category

    make_published(on=JULY, formed_on=JULY, category=middle)
    refused = client.post(category_url(middle, "delete"), follow=True).content.decode()
    assert "“招生入学/初中招生”被 1 条目录条目使用（已公开 1 条），不能删除。" in refused
    moved = client.post(category_url(top, "move"), {"parent": middle.pk}, follow=True)
    assert "不能把“招生入学”移到它自己或它的下级分类" in moved.content.decode()
    client.post(category_url(primary, "delete"))
    assert not Category.objects.filter(pk=primary.pk).exists()
    unchosen = client.post(category_url(middle, "move"), {"parent": ""}, follow=True)
    assert "请选择新的上级分类" in unchosen.content.decode()
    client.post(category_url(middle, "move"), {"parent": "top"})
    assert reloaded(middle).parent is None
    assert [a for a in actions(desk.agency) if a.startswith("catalogue.category.")] == [
        "catalogue.category.renamed",
        "catalogue.category.reordered",
        "catalogue.category.moved",
        "catalogue.category.deleted",
        "catalogue.category.moved",
    ]
