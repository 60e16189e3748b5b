import io

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
