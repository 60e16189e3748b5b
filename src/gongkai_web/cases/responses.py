"""Small pieces the staff and public views share: uploaded files in, DOCX and downloads out."""

from __future__ import annotations

from urllib.parse import quote

from django.http import HttpRequest, HttpResponse

from gongkai_web.cases import services
from gongkai_web.cases.models import Letter
from gongkai_web.cases.services import CaseError, Upload
from gongkai_web.operations.files import read_file
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload


def uploads(request: HttpRequest, kinds: tuple[str, ...]) -> list[Upload]:
    found = []
    for kind in kinds:
        handle = request.FILES.get(kind)
        if handle is not None:
            try:
                data = read_upload(handle, UploadKind.CASE_FILE)
            except UploadTooLarge as exc:
                raise CaseError(exc.message) from None
            found.append(Upload(kind, handle.name or kind, data))
    return found


def docx(letter: Letter) -> HttpResponse:
    response = HttpResponse(read_file(letter.file), content_type=services.DOCX)
    response["Content-Disposition"] = attachment_header(letter.file.name)
    return response


def attachment_header(name: str) -> str:
    return f"attachment; filename*=UTF-8''{quote(name)}"
