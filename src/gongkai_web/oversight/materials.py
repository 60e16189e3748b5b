"""Training materials and rule documents, kept as the spine's stored files (hash-checked)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongkai_web.audit import services as audit
from gongkai_web.operations.files import store_file
from gongkai_web.operations.models import StoredFile
from gongkai_web.organizations.models import Agency

TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
MAX_BYTES = 20 * 1024 * 1024


def store(*, actor: audit.Actor, agency: Agency, name: str, data: bytes) -> StoredFile:
    """Call inside the transaction that links the file, so a refused record leaves no file row."""
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in TYPES:
        raise ValidationError(
            f"文件“{name}”的类型不受支持；只能上传 PDF、DOCX、XLSX、PPTX、PNG、JPG 文件。"
        )
    if not data:
        raise ValidationError(f"文件“{name}”是空文件。")
    if len(data) > MAX_BYTES:
        raise ValidationError(
            f"文件“{name}”有 {len(data) / 1048576:.1f} MB，超过 {MAX_BYTES >> 20} MB 上限。"
        )
    return store_file(actor=actor, name=name, data=data, content_type=TYPES[suffix], agency=agency)
