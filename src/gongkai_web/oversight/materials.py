"""Training materials and rule documents, kept as the spine's stored files (hash-checked)."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from gongkai import uploads
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
    try:
        content_type = uploads.check(name, data, types=TYPES, max_bytes=MAX_BYTES)
    except uploads.UploadRefused as exc:
        raise ValidationError(exc.message) from None
    return store_file(actor=actor, name=name, data=data, content_type=content_type, agency=agency)
