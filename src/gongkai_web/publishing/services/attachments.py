"""An entry's attachments: added and removed only while the entry is a draft, so that every
file the portal serves went through the same review as the text."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai import uploads
from gongkai.documents import metadata
from gongkai.documents.text import TextUnreadable, plain_text
from gongkai_web.audit import services as audit
from gongkai_web.operations.files import store_file
from gongkai_web.publishing.models import Attachment, Entry, Status

ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024

# A returned or recalled entry is a draft again (退回, 撤回), so "draft" covers both
# the first drafting and the changes a reviewer asked for.
ATTACHMENTS_OPEN = frozenset({Status.DRAFT})


def attachments_open(entry: Entry) -> bool:
    return entry.status in ATTACHMENTS_OPEN


def _lock_open(entry: Entry) -> Entry:
    locked = Entry.objects.select_for_update().select_related("agency").get(pk=entry.pk)
    if not attachments_open(locked):
        raise ValidationError(
            f"“{locked.title}”{Status(locked.status).label}，不能再添加或删除附件："
            "附件只能在草稿阶段（包括被退回修改时）改动，改动后须重新提交审核。"
        )
    return locked


def read_text(name: str, data: bytes) -> tuple[str | None, str]:
    """The attachment's words for the review's checks, or why there are none."""
    try:
        text = plain_text(name, data)
    except TextUnreadable as exc:
        return None, exc.message
    if text is None:
        return None, "该附件没有可读取的文字层（图片或扫描件），请审核人逐页核对"
    return text, ""


def attach(*, actor: audit.Actor, entry: Entry, name: str, data: bytes) -> Attachment:
    try:
        content_type = uploads.check(
            name, data, types=ATTACHMENT_TYPES, max_bytes=ATTACHMENT_MAX_BYTES, noun="附件"
        )
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message) from None
    original = hashlib.sha256(data).hexdigest()
    try:
        # What is stored is what will be published: without its authors, comments, EXIF.
        cleaned = metadata.clean(name, data)
    except metadata.CleaningFailed as exc:
        raise ValidationError(f"附件“{name}”：{exc.message}") from None
    with transaction.atomic():
        locked = _lock_open(entry)
        stored = store_file(
            actor=actor, name=name, data=cleaned.data, content_type=content_type,
            agency=locked.agency,
        )  # fmt: skip
        text, note = read_text(name, cleaned.data)
        attachment = Attachment.objects.create(
            entry=locked, file=stored, position=locked.attachments.count(), text=text,
            text_note=note, cleaned_note=cleaned.note[:300],
        )  # fmt: skip
        audit.record(
            actor=actor, action="catalogue.attached", obj=locked, agency=locked.agency,
            changes={"file": name, "sha256": stored.sha256, "uploaded_sha256": original,
                     "removed": list(cleaned.removed)},
        )  # fmt: skip
    return attachment


def remove_attachment(*, actor: audit.Actor, attachment: Attachment) -> None:
    """The stored file stays (hash-checked, in the backups); only its link to the entry goes."""
    with transaction.atomic():
        locked = _lock_open(attachment.entry)
        found = Attachment.objects.select_related("file").filter(pk=attachment.pk, entry=locked)
        current = found.first()
        if current is None:
            raise ValidationError("该附件已被删除")
        audit.record(
            actor=actor, action="catalogue.attachment_removed", obj=locked, agency=locked.agency,
            changes={"file": current.file.name, "sha256": current.file.sha256,
                     "stored_file": current.file_id},
        )  # fmt: skip
        current.delete()
