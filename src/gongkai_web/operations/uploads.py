"""Upload limits, per kind of upload, checked before a file's bytes are read into memory.

Django keeps a file over FILE_UPLOAD_MAX_MEMORY_SIZE in a temporary file while the request is
parsed; ``RequestSizeLimitMiddleware`` refuses a request whose declared length exceeds
GONGKAI_MAX_REQUEST_BYTES before its body is read at all; and ``read_upload`` (or
``LimitedFileField`` on a form) compares the file's size with its kind's limit before ``read``.
Each upload form states its kind's limit (``upload_limits`` in every template).
"""

from __future__ import annotations

import enum
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from gongkai.uploads import limit_text, too_large


class UploadKind(enum.Enum):
    CASE_FILE = ("申请材料", 10)  # ID scans, powers of attorney, paper scans, case attachments
    ATTACHMENT = ("附件", 20)  # catalogue entries' attachments
    TABLE = ("表格", 10)  # ledgers and registers imported row by row
    REPORT = ("报告文件", 20)  # a published annual report imported
    BATCH = ("批量检查文件", 50)  # the supervisor's batch check (a report or a zip of them)
    MATERIAL = ("材料", 20)  # rules and training materials

    def __init__(self, noun: str, megabytes: int) -> None:
        self.noun = noun
        self.megabytes = megabytes

    @property
    def max_bytes(self) -> int:
        # GONGKAI_UPLOAD_MB={"TABLE": 20, …} (settings) changes a kind's limit.
        overrides = getattr(settings, "GONGKAI_UPLOAD_MB", {}) or {}
        return int(overrides.get(self.name, self.megabytes)) << 20

    @property
    def note(self) -> str:
        return f"每个文件 {limit_text(self.max_bytes)} 以内"


class UploadTooLarge(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def refusal(handle: UploadedFile, kind: UploadKind) -> str | None:
    return too_large(handle.name or kind.noun, handle.size or 0, kind.max_bytes, kind.noun)


def read_upload(handle: UploadedFile, kind: UploadKind) -> bytes:
    """The file's bytes, once its size (known from the request, the bytes on disk) is within
    its kind's limit."""
    problem = refusal(handle, kind)
    if problem:
        raise UploadTooLarge(problem)
    data: bytes = handle.read()
    return data


class LimitedFileField(forms.FileField):
    """A file field that states its kind's limit in its label and refuses a larger file."""

    def __init__(self, *, kind: UploadKind, label: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(label=f"{label}（{kind.note}）", **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        value = super().clean(data, initial)
        if isinstance(value, UploadedFile):
            problem = refusal(value, self.kind)
            if problem:
                raise forms.ValidationError(problem, code="too_large")
        return value


def limits_context(request: HttpRequest) -> dict[str, object]:
    return {"upload_limits": {kind.name: kind.note for kind in UploadKind}}


def max_request_bytes() -> int:
    return int(getattr(settings, "GONGKAI_MAX_REQUEST_BYTES", 60 << 20))


class RequestSizeLimitMiddleware:
    """413 for a request declaring a body above GONGKAI_MAX_REQUEST_BYTES, before anything
    reads it (a body without a declared length is read as empty by Django)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        limit = max_request_bytes()
        if declared > limit:
            text = render_to_string(
                "413.html", {"limit": limit_text(limit), "size": declared >> 20}, request=None
            )
            response = HttpResponse(text, status=413)
            response["Connection"] = "close"
            return response
        passed: HttpResponse = self.get_response(request)
        return passed
