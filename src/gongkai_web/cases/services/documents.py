"""Letters (numbered, rendered, stored, recorded) and attachments of an application."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gongkai import uploads
from gongkai.documents.gbt9704 import render
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases import letters
from gongkai_web.cases.models import (
    Application,
    Attachment,
    Letter,
    LetterCounter,
    LetterKind,
)
from gongkai_web.cases.services._common import (
    CaseError,
    _event,
    require,
)
from gongkai_web.operations.files import store_file

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
}
LETTER_SUFFIX = {
    LetterKind.CORRECTION: "补",
    LetterKind.EXTENSION: "延",
    LetterKind.CONSULTATION: "征",
    LetterKind.FEE: "费",
    LetterKind.REPLY: "复",
    # A closing letter is the agency's last word on the application, as a reply is: one
    # series, so the 答复文号 of the year count the applications concluded with a letter.
    LetterKind.CLOSURE: "复",
}


@dataclass(frozen=True)
class Upload:
    kind: str
    name: str
    data: bytes


def check_upload(upload: Upload) -> str:
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise CaseError(f"附件“{upload.name}”的类型不支持，请上传 PDF、JPG 或 PNG 文件")
    if len(upload.data) > MAX_ATTACHMENT_BYTES:
        raise CaseError(f"附件“{upload.name}”超过 10 MB，请压缩后再上传")
    problem = uploads.content_problem(upload.name, upload.data, noun="附件")
    if problem:
        raise CaseError(problem)
    return ATTACHMENT_TYPES[suffix]


# --- letters --------------------------------------------------------------------------------


def next_letter_number(application: Application, kind: str, year: int) -> str:
    prefix = letters.settings_for(application).letter_prefix + LETTER_SUFFIX[LetterKind(kind)]
    counter, _ = LetterCounter.objects.select_for_update().get_or_create(
        agency=application.agency, prefix=prefix, year=year
    )
    counter.last += 1
    counter.save(update_fields=["last"])
    return f"{prefix}〔{year}〕{counter.last}号"


def issue_letter(
    actor: audit.Actor,
    application: Application,
    kind: str,
    on: dt.date,
    addressee: str = "",
    **extra: Any,
) -> Letter:
    number = "" if kind == LetterKind.RECEIPT else next_letter_number(application, kind, on.year)
    doc = letters.document(application, kind, number, on, addressee=addressee, **extra)
    name = f"{application.tracking_number}-{LetterKind(kind).label}.docx"
    stored = store_file(
        actor=actor, name=name, data=render(doc), content_type=DOCX, agency=application.agency
    )
    letter = Letter.objects.create(
        application=application,
        kind=kind,
        title=doc.title,
        number=number,
        file=stored,
        created_at=clock.now(),
    )
    _event(actor, application, "letter", application.state, on, f"{doc.title} {number}".strip())
    audit.record(
        actor=actor,
        action="case.letter",
        obj=letter,
        agency=application.agency,
        changes={
            "application": application.tracking_number,
            "kind": kind,
            "number": number,
            "sha256": stored.sha256,
        },
    )
    return letter


@transaction.atomic
def attach(*, actor: audit.Actor, application: Application, upload: Upload) -> Attachment:
    require(actor, application, "attach")
    content_type = check_upload(upload)
    stored = store_file(
        actor=actor,
        name=upload.name,
        data=upload.data,
        content_type=content_type,
        agency=application.agency,
    )
    attachment = Attachment.objects.create(application=application, kind=upload.kind, file=stored)
    audit.record(
        actor=actor,
        action="case.attach",
        obj=application,
        agency=application.agency,
        changes={"kind": upload.kind, "name": upload.name},
    )
    return attachment
