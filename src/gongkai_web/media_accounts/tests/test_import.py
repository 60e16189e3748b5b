import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from gongkai_web.audit.models import AuditEntry
from gongkai_web.media_accounts.models import Post


def upload(client, account, name, data):
    url = f"/media/accounts/{account.pk}/import/"
    return client.post(url, {"file": SimpleUploadedFile(name, data)})


def test_it_imports_nothing_when_one_row_is_bad_and_lists_every_error(account, login_as):
    data = (
        "标题,发布时间,链接\n好的,2024-03-01 09:00,https://a\n,2024-03-02 09:00,\n坏,明天,\n"
    ).encode()
    response = upload(login_as("jiaoyu_clerk"), account, "export.csv", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "第 3 行：缺少标题" in page and "第 4 行：发布时间“明天”无法识别" in page
    assert Post.objects.count() == 0
    assert not AuditEntry.objects.filter(action="media_post.import").exists()


def test_it_imports_a_clean_xlsx_flags_the_posts_and_refuses_the_same_file_twice(account, login_as):
    book = Workbook()
    book.active.append(["标题", "发布时间"])
    book.active.append(["周报一", "2024-03-01 09:00"])
    book.active.append(["周报二", "2024-03-08 09:00"])
    out = io.BytesIO()
    book.save(out)
    client = login_as("jiaoyu_clerk")

    response = upload(client, account, "export.xlsx", out.getvalue())
    assert response.status_code == 302
    assert sorted(Post.objects.values_list("title", "status", "review_complete")) == [
        ("周报一", "published", False),
        ("周报二", "published", False),
    ]
    assert all(p.flagged for p in Post.objects.all())

    again = upload(client, account, "export.xlsx", out.getvalue()).content.decode()
    assert "第 2 行：《周报一》（2024-03-01 09:00）已登记，请勿重复导入" in again
    assert Post.objects.count() == 2


def test_it_refuses_an_unknown_file_type(account, login_as):
    page = upload(login_as("jiaoyu_clerk"), account, "export.pdf", b"%PDF").content.decode()
    assert "不支持“.pdf”文件" in page


def test_it_lets_no_other_agency_import(account, login_as):
    assert upload(login_as("caizheng_clerk"), account, "x.csv", b"a").status_code == 403


def test_each_imported_post_is_moved_by_the_import_move_with_its_row(cast, account):
    import datetime as dt

    from django.utils import timezone

    from gongkai.media.imports import ImportedPost
    from gongkai.workflow.lifecycle import Refused
    from gongkai.workflow.tables.media_post import PostAction
    from gongkai_web.media_accounts import services
    from gongkai_web.media_accounts.models import PostSource
    from gongkai_web.media_accounts.workflow import POST
    from gongkai_web.workflow import selectors
    from gongkai_web.workflow import services as workflow

    from .fixtures import actor

    clerk = actor(cast.user("jiaoyu_clerk"))
    moment = timezone.make_aware(dt.datetime(2024, 3, 1, 9))
    rows = [ImportedPost(n, f"周报{n}", moment + dt.timedelta(days=n)) for n in (2, 3)]
    posts = services.import_posts(actor=clerk, account=account, posts=rows, source=PostSource.CSV)
    assert [
        (e.action, e.from_state, e.to_state, e.data) for p in posts for e in p.events.all()
    ] == [
        ("import", "draft", "published", {"source": "csv", "row": 2}),
        ("import", "draft", "published", {"source": "csv", "row": 3}),
    ]
    audited = AuditEntry.objects.filter(action="media_post.import").order_by("seq")
    assert [a.changes["row"] for a in audited] == [2, 3]
    # No page offers it, and the page's endpoint refuses it on a draft.
    draft = services.draft_post(actor=clerk, account=account, title="草稿", body="正文")
    offered = {m.action for m in selectors.panel(POST, draft, cast.user("jiaoyu_clerk")).moves}
    assert "submit" in offered and "import" not in offered
    with pytest.raises(Refused, match="只能通过导入办理"):
        workflow.apply(POST, draft, PostAction.IMPORT, actor=clerk)
