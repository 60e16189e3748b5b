"""Attachments change only while the entry is a draft, and a file must be what its name says."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from gongkai.publishing.review import Stage
from gongkai_web.audit.models import AuditEntry
from gongkai_web.publishing import services
from gongkai_web.publishing.models import Attachment
from gongkai_web.publishing.tests.conftest import a_pdf

PDF = a_pdf()


def docx() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def test_it_attaches_and_removes_files_while_the_entry_is_a_draft(desk):
    entry = desk.draft()
    clerk = desk.actor("jiaoyu_clerk")
    first = services.attach(actor=clerk, entry=entry, name="附件1.pdf", data=PDF)
    services.attach(actor=clerk, entry=entry, name="附件2.docx", data=docx())

    services.remove_attachment(actor=clerk, attachment=first)

    assert [a.file.name for a in entry.attachments.all()] == ["附件2.docx"]
    removed = AuditEntry.objects.get(action="catalogue.attachment_removed")
    assert removed.object_id == str(entry.pk) and removed.changes["file"] == "附件1.pdf"


def test_it_allows_attachments_again_when_a_reviewer_returns_the_entry(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="待保密审查，不能再添加或删除附件"):
        services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="a.pdf", data=PDF)
    entry = services.decide(
        actor=desk.actor("jiaoyu_reviewer"), entry=entry, stage=Stage.SECRECY, passed=False,
        opinion="请补充附件",
    )  # fmt: skip
    services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="a.pdf", data=PDF)
    assert entry.attachments.count() == 1


def test_it_refuses_to_add_or_remove_attachments_after_publication(desk, make_published):
    entry = desk.draft()
    kept = services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="a.pdf", data=PDF)
    entry = desk.publish(entry)

    with pytest.raises(ValidationError, match=r"“.+”已公开，不能再添加或删除附件"):
        services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="b.pdf", data=PDF)
    with pytest.raises(ValidationError, match="已公开，不能再添加或删除附件"):
        services.remove_attachment(actor=desk.actor("jiaoyu_clerk"), attachment=kept)
    assert list(entry.attachments.all()) == [kept]


def test_it_hides_the_upload_form_after_submission_and_refuses_a_posted_file(desk, login_as):
    entry = desk.draft()
    client = login_as("jiaoyu_clerk")
    page = client.get(f"/publishing/{entry.pk}/").content.decode()
    assert 'name="file"' in page

    entry = desk.publish(entry)
    page = client.get(f"/publishing/{entry.pk}/").content.decode()
    assert 'name="file"' not in page and "附件只能在草稿阶段" in page
    response = client.post(
        f"/publishing/{entry.pk}/attach/", {"file": SimpleUploadedFile("晚到.pdf", PDF)},
        follow=True,
    )  # fmt: skip
    assert "不能再添加或删除附件" in response.content.decode()
    assert not entry.attachments.exists()


def test_it_removes_an_attachment_from_the_detail_page(desk, login_as):
    entry = desk.draft()
    attachment = services.attach(
        actor=desk.actor("jiaoyu_clerk"), entry=entry, name="旧表.pdf", data=PDF
    )
    client = login_as("jiaoyu_clerk")
    url = f"/publishing/{entry.pk}/attachments/{attachment.pk}/remove/"
    assert url in client.get(f"/publishing/{entry.pk}/").content.decode()
    assert login_as("caizheng_clerk").post(url).status_code == 403
    assert client.get(url).status_code == 405

    page = client.post(url, follow=True).content.decode()

    assert "附件“旧表.pdf”已删除" in page
    assert not Attachment.objects.filter(pk=attachment.pk).exists()


def test_it_refuses_a_program_named_as_a_pdf(desk, login_as):
    entry = desk.draft()
    page = login_as("jiaoyu_clerk").post(
        f"/publishing/{entry.pk}/attach/",
        {"file": SimpleUploadedFile("x.pdf", b"MZ\x90\x00\x03\x00\x00\x00")}, follow=True,
    ).content.decode()  # fmt: skip
    assert "附件“x.pdf”的扩展名是 .pdf，但内容不是PDF 文件（实际是Windows 可执行程序）" in page
    assert not entry.attachments.exists()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("表.xlsx", docx()),
        ("文.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 old word"),
        ("图.png", b"\xff\xd8\xff\xe0 jpeg"),
        ("照片.jpg", b"not an image"),
    ],
)
def test_it_refuses_content_that_does_not_match_the_extension(desk, name, data):
    with pytest.raises(ValidationError, match="但内容不是"):
        services.attach(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft(), name=name, data=data)


def test_it_refuses_the_wrong_type_and_empty_files(desk):
    with pytest.raises(ValidationError, match="类型不受支持；只能上传 PDF、DOCX、XLSX、PNG、JPG"):
        services.attach(
            actor=desk.actor("jiaoyu_clerk"), entry=desk.draft(), name="a.exe", data=b"MZ"
        )
    with pytest.raises(ValidationError, match="是空文件"):
        services.attach(
            actor=desk.actor("jiaoyu_clerk"), entry=desk.draft(), name="a.pdf", data=b""
        )


def test_it_takes_twenty_megabytes_and_refuses_one_byte_more(desk):
    entry = desk.draft()
    limit = services.ATTACHMENT_MAX_BYTES
    assert limit == 20 * 1024 * 1024
    exact = PDF + b"0" * (limit - len(PDF))
    services.attach(actor=desk.actor("jiaoyu_clerk"), entry=entry, name="整.pdf", data=exact)
    with pytest.raises(ValidationError) as refused:
        services.attach(
            actor=desk.actor("jiaoyu_clerk"), entry=entry, name="大.pdf", data=exact + b"0"
        )
    assert refused.value.messages == [
        "附件“大.pdf”大小为 20.01 MB，超过 20 MB 的上限，请压缩或拆分后再上传。"
    ]
    assert entry.attachments.count() == 1


def test_it_stores_and_publishes_an_attachment_without_its_author_and_comments(
    client, desk, login_as
):
    from docx import Document

    from gongkai_web.operations.files import read_file

    document = Document()
    document.core_properties.author = "张三"
    paragraph = document.add_paragraph("各学校：请按附表报送。")
    document.add_comment(paragraph.runs, text="内部意见：先别发", author="李四")
    buffer = io.BytesIO()
    document.save(buffer)
    entry = desk.draft()
    attachment = services.attach(
        actor=desk.actor("jiaoyu_clerk"), entry=entry, name="附表.docx", data=buffer.getvalue()
    )
    stored = read_file(attachment.file)
    with zipfile.ZipFile(io.BytesIO(stored)) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert "张三".encode() not in everything and "先别发".encode() not in everything
    assert "批注 1 条" in attachment.cleaned_note
    page = login_as("jiaoyu_reviewer").get(f"/publishing/{entry.pk}/").content.decode()
    assert "附件“附表.docx”：已清除：" in page and "公开的是清除后的文件" in page
    audit = AuditEntry.objects.get(action="catalogue.attached")
    assert audit.changes["uploaded_sha256"] != audit.changes["sha256"]
