"""A stored file is read back only if its content still matches its hash."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_django.fixtures import Settings as SettingsWrapper

from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM
from gongkai_web.operations import files
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations.tests.cast import Cast


@pytest.fixture(autouse=True)
def media(settings: SettingsWrapper, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_it_reads_back_what_it_stored(cast: Cast) -> None:
    stored = files.store_file(actor=SYSTEM, name="答复书.pdf", data=b"%PDF-1.7 reply")
    assert files.read_file(stored) == b"%PDF-1.7 reply"
    assert AuditEntry.objects.filter(action="file.stored", object_id=str(stored.pk)).exists()


def test_it_names_a_file_whose_content_changed(cast: Cast, media: Path) -> None:
    stored = files.store_file(actor=SYSTEM, name="答复书.pdf", data=b"%PDF-1.7 reply")
    (media / stored.storage_name).write_bytes(b"%PDF-1.7 forged")
    with pytest.raises(files.StoredFileCorrupted) as caught:
        files.read_file(stored)
    assert caught.value.message.startswith(f"文件“答复书.pdf”（编号 {stored.pk}")
    assert "与保存时登记的 SHA-256 哈希不符" in caught.value.message


def test_it_names_a_file_that_vanished(cast: Cast, media: Path) -> None:
    stored = files.store_file(actor=SYSTEM, name="附件.docx", data=b"PK")
    (media / stored.storage_name).unlink()
    with pytest.raises(files.StoredFileCorrupted, match="在存储中不存在"):
        files.read_file(stored)


def test_it_removes_the_file_when_its_record_cannot_be_written(
    cast: Cast, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(**kwargs: object) -> None:
        raise RuntimeError("audit unavailable")

    monkeypatch.setattr("gongkai_web.operations.files.audit.record", refuse)
    with pytest.raises(RuntimeError):
        files.store_file(actor=SYSTEM, name="x.txt", data=b"x")
    assert not StoredFile.objects.exists()
    assert not any(path.is_file() for path in media.rglob("*"))
