"""Table 四 cases entered on the case page; attachments within size and type limits."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai_web.cases import selectors, services
from gongkai_web.cases.models import ReviewCase
from gongkai_web.operations.files import read_file

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def summer(frozen_clock) -> None:
    frozen_clock.set(D(2025, 9, 1))


def test_it_links_a_reconsideration_to_the_application_and_counts_it(submit, login_as) -> None:
    application = submit()
    client = login_as("jiaoyu_clerk")
    act = lambda name, data: client.post(  # noqa: E731
        reverse("cases:act", args=[application.pk, name]), data
    )
    act(
        "review_case",
        {"kind": "reconsideration", "filed_on": "2025-05-06", "case_number": "新政复〔2025〕8号"},
    )
    review_case = ReviewCase.objects.get()
    assert review_case.application == application
    assert selectors.table4(application.agency, 2025)[:5] == (0, 0, 0, 1, 1)
    act(
        "review_decided",
        {"review": review_case.pk, "result": "corrected", "decided_on": "2025-07-01"},
    )
    assert selectors.table4(application.agency, 2025)[:5] == (0, 1, 0, 0, 1)


def test_it_refuses_a_review_case_from_another_agency(submit, login_as) -> None:
    application = submit()
    response = login_as("caizheng_clerk").post(
        reverse("cases:act", args=[application.pk, "review_case"]),
        {"kind": "direct_suit", "filed_on": "2025-05-06"},
    )
    assert response.status_code == 404
    assert not ReviewCase.objects.exists()


def test_it_accepts_a_pdf_scan_and_refuses_other_types_and_large_files(submit, login_as) -> None:
    application = submit()
    client = login_as("jiaoyu_clerk")
    url = reverse("cases:act", args=[application.pk, "attach"])
    client.post(
        url, {"kind": "paper_scan", "file": SimpleUploadedFile("申请书.pdf", b"%PDF-1.4 scan")}
    )
    assert [a.file.name for a in application.attachments.all()] == ["申请书.pdf"]
    page = client.post(
        url, {"kind": "other", "file": SimpleUploadedFile("x.exe", b"MZ")}, follow=True
    )
    assert "类型不支持" in page.content.decode()
    big = SimpleUploadedFile("big.png", b"0" * (services.MAX_ATTACHMENT_BYTES + 1))
    page = client.post(url, {"kind": "other", "file": big}, follow=True)
    assert "超过 10 MB" in page.content.decode()
    assert application.attachments.count() == 1


def test_it_exports_the_archive_bundle_of_a_concluded_case_with_everything_filed(
    submit, actors, cast, login_as
) -> None:
    import io
    import json
    import zipfile

    from gongkai_web.cases.models import Application

    from .test_letters import reply

    letter = reply(submit, actors, cast, "granted", provision_note="共3页")
    application = Application.objects.get(letters=letter)
    clerk = login_as("jiaoyu_clerk")
    act = lambda name, data: clerk.post(  # noqa: E731
        reverse("cases:act", args=[application.pk, name]), data
    )
    act("attach", {"kind": "material", "file": SimpleUploadedFile("划片范围.pdf", b"%PDF-1 map")})
    act(
        "deliver",
        {
            "channel": "email",
            "proof": "已发送至 zhangsan@example.com",
            "on": "2025-03-05",
            "proof_file": SimpleUploadedFile("发送记录.png", b"\x89PNG sent"),
        },
    )
    act("archive", {"on": "2025-03-06"})
    application = Application.objects.get(pk=application.pk)
    assert application.state == "archived"

    response = clerk.get(reverse("cases:bundle", args=[application.pk]))
    with zipfile.ZipFile(io.BytesIO(response.content)) as bundle:
        names = bundle.namelist()
        record = json.loads(bundle.read("application.json"))
        trail = json.loads(bundle.read("audit.json"))
        history = json.loads(bundle.read("history.json"))
        files = {name: bundle.read(name) for name in names}
    assert any(n.startswith("letters/") and n.endswith("申请接收回执.docx") for n in names)
    reply_name = next(n for n in names if n.startswith("letters/") and n.endswith("答复书.docx"))
    assert files[reply_name] == read_file(letter.file)
    assert files["attachments/01-提供的信息-划片范围.pdf"] == b"%PDF-1 map"
    assert files["attachments/02-送达凭证-发送记录.png"] == b"\x89PNG sent"
    assert record["id_number"] == "1101**********002X"
    assert (record["reply_number"], record["closed_on"]) == (letter.number, "2025-03-04")
    assert record["delivered_on"] == "2025-03-05" and record["delivery_channel"] == "电子邮件"
    assert record["delivery_proof"] == "已发送至 zhangsan@example.com"
    assert record["archived_on"] == "2025-03-06"
    assert trail[0]["action"] == "case.received"
    assert {"case.sign", "case.deliver", "case.archive"} <= {e["action"] for e in trail}
    actions = [e["action"] for e in history]
    assert actions.index("签发") < actions.index("送达") < actions.index("归档")


def test_it_refuses_a_program_renamed_as_a_pdf_scan(submit, login_as) -> None:
    application = submit()
    page = login_as("jiaoyu_clerk").post(
        reverse("cases:act", args=[application.pk, "attach"]),
        {"kind": "paper_scan", "file": SimpleUploadedFile("申请书.pdf", b"MZ\x90\x00")},
        follow=True,
    )
    assert "内容不是PDF 文件（实际是Windows 可执行程序）" in page.content.decode()
    assert not application.attachments.exists()
