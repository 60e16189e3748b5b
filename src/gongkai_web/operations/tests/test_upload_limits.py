"""Uploads: refused by size before they are read, each form stating its limit, and zips
bounded before they are inflated (the review's 1 MB zip took a worker to 1.29 GB; a 200 MB
batch upload was stored)."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse

from gongkai_web.annual_reports.models import BatchCheck
from gongkai_web.operations.models import StoredFile
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.tests.cast import Cast


def bomb(inflated: int, name: str = "report.docx") -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive,
        archive.open(name, "w", force_zip64=True) as member,
    ):
        chunk = b"\0" * (1 << 20)
        for _ in range(inflated >> 20):
            member.write(chunk)
    return out.getvalue()


def test_it_refuses_a_zip_bomb_at_the_batch_upload(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    data = bomb(120 << 20)
    assert len(data) < 1 << 20
    client = login_as("xinhua_supervisor")
    page = client.post(
        reverse("annual_reports:batches"),
        {"files": SimpleUploadedFile("reports.zip", data)},
        follow=True,
    )
    assert "疑为压缩炸弹，已拒绝" in page.content.decode()
    assert not BatchCheck.objects.exists() and not StoredFile.objects.exists()


def test_it_refuses_a_zip_of_too_many_files(cast: Cast, login_as: Callable[[str], Client]) -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for n in range(501):
            archive.writestr(f"r{n}.txt", "x")
    page = login_as("xinhua_supervisor").post(
        reverse("annual_reports:batches"),
        {"files": SimpleUploadedFile("many.zip", out.getvalue())},
        follow=True,
    )
    assert "含 501 个文件，超过 500 个的上限" in page.content.decode()
    assert not BatchCheck.objects.exists()


@override_settings(GONGKAI_UPLOAD_MB={"BATCH": 1})
def test_it_refuses_a_batch_upload_over_its_limit_and_stores_nothing(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    page = login_as("xinhua_supervisor").post(
        reverse("annual_reports:batches"),
        {"files": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (2 << 20))},
        follow=True,
    )
    assert "超过 1 MB 的上限" in page.content.decode()
    assert not StoredFile.objects.exists()


@override_settings(GONGKAI_MAX_REQUEST_BYTES=1 << 20)
def test_it_refuses_an_oversized_request_before_reading_its_body(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    response = login_as("xinhua_supervisor").post(
        reverse("annual_reports:batches"),
        {"files": SimpleUploadedFile("big.pdf", b"%PDF" + b"0" * (2 << 20))},
    )
    assert response.status_code == 413
    assert "超过 1 MB 的上限" in response.content.decode()
    assert not StoredFile.objects.exists()


def test_the_size_is_checked_before_the_file_is_read() -> None:
    class Unreadable(SimpleUploadedFile):
        def read(self, *args: object) -> bytes:
            raise AssertionError("read before the size check")

    handle = Unreadable("big.xlsx", b"")
    handle.size = 11 << 20
    with pytest.raises(UploadTooLarge, match="超过 10 MB 的上限"):
        read_upload(handle, UploadKind.TABLE)


def test_a_large_file_is_streamed_to_disk_not_held_in_memory(settings: object) -> None:
    from django.conf import settings as live

    assert live.FILE_UPLOAD_MAX_MEMORY_SIZE <= 2_621_440
    # Only the request id/metrics and the probes run before it, and neither reads a body.
    first = live.MIDDLEWARE.index("gongkai_web.operations.uploads.RequestSizeLimitMiddleware")
    assert live.MIDDLEWARE[:first] == [
        "gongkai_web.observability.middleware.RequestObservationMiddleware",
        "gongkai_web.observability.middleware.ProbeMiddleware",
    ]


@pytest.mark.parametrize(
    ("url", "text"),
    [
        ("cases:ledger_import", "台账文件（XLSX，每个文件 10 MB 以内）"),
        ("annual_reports:batches", "每个文件 50 MB 以内"),
    ],
)
def test_each_upload_form_states_its_limit(
    login_as: Callable[[str], Client], url: str, text: str
) -> None:
    user = "jiaoyu_clerk" if url.startswith("cases") else "xinhua_supervisor"
    assert text in login_as(user).get(reverse(url)).content.decode()


def test_the_application_form_states_its_limit(cast: Cast) -> None:
    page = Client().get(reverse("cases:apply")).content.decode()
    assert "身份证明扫描件（PDF/JPG/PNG，选填）（每个文件 10 MB 以内）" in page
