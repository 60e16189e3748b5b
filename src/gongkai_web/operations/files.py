"""Storing files with their hash, and reading them back only if the hash still matches."""

from __future__ import annotations

import hashlib
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations.models import Agency

CHUNK = 1 << 20


class StoredFileCorrupted(Exception):
    def __init__(self, stored: StoredFile, reason: str) -> None:
        self.stored = stored
        self.message = (
            f"文件“{stored.name}”（编号 {stored.pk}，存储位置 {stored.storage_name}）{reason}，"
            "可能已损坏或被篡改，请从备份恢复"
        )
        super().__init__(self.message)


def store_file(
    *,
    actor: audit.Actor,
    name: str,
    data: bytes,
    content_type: str = "",
    agency: Agency | None = None,
) -> StoredFile:
    storage_name = default_storage.save(f"files/{uuid.uuid4().hex}", ContentFile(data))
    try:
        with transaction.atomic():
            stored = StoredFile.objects.create(
                name=name,
                storage_name=storage_name,
                sha256=hashlib.sha256(data).hexdigest(),
                size=len(data),
                content_type=content_type,
                agency=agency,
                created_at=clock.now(),
                created_by=actor.user,
            )
            audit.record(
                actor=actor,
                action="file.stored",
                obj=stored,
                agency=agency,
                changes={"name": name, "sha256": stored.sha256, "size": stored.size},
            )
    except BaseException:
        default_storage.delete(storage_name)
        raise
    return stored


def read_file(stored: StoredFile) -> bytes:
    if not default_storage.exists(stored.storage_name):
        raise StoredFileCorrupted(stored, "在存储中不存在")
    hasher = hashlib.sha256()
    parts: list[bytes] = []
    with default_storage.open(stored.storage_name, "rb") as handle:
        while chunk := handle.read(CHUNK):
            hasher.update(chunk)
            parts.append(chunk)
    if hasher.hexdigest() != stored.sha256:
        raise StoredFileCorrupted(stored, "的内容与保存时登记的 SHA-256 哈希不符")
    return b"".join(parts)
