"""The archive bundle (Art. 45): the whole file of one application as a zip.

application.json (the record, personal numbers masked), every letter and attachment as
stored (each checked against its SHA-256 on reading; an attachment's name says what it is:
提供的信息, 送达凭证 …), the case history and the audit trail.
"""

from __future__ import annotations

import io
import json
import zipfile

from django.db import transaction

from gongkai.identity import mask_phone, mask_resident_id
from gongkai_web.audit import services as audit
from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases import services
from gongkai_web.cases.models import Application
from gongkai_web.operations.files import read_file


def record(application: Application) -> dict[str, object]:
    number = application.id_number
    return {
        "tracking_number": application.tracking_number,
        "agency": application.agency.name,
        "channel": application.get_channel_display(),
        "received_on": application.received_on.isoformat(),
        "applicant_type": application.get_applicant_column_display(),
        "applicant": application.applicant_name,
        "id_type": application.get_id_type_display(),
        "id_number": mask_resident_id(number) if application.id_type == "resident_id" else number,
        "phone": mask_phone(application.phone),
        "description": application.description,
        "document_number": application.document_number,
        "provision_form": application.get_provision_form_display(),
        "delivery": application.get_delivery_display(),
        "state": application.state_label,
        "disposition": application.get_disposition_display(),
        "outcome_row": application.outcome_row,
        "reason": application.outcome_reason,
        "reply_number": application.reply_number,
        "closed_on": application.closed_on.isoformat() if application.closed_on else None,
        "delivered_on": application.delivered_on.isoformat() if application.delivered_on else None,
        "delivery_channel": application.get_delivery_channel_display(),
        "delivery_proof": application.delivery_proof,
        "archived_on": application.archived_on.isoformat() if application.archived_on else None,
        "fee_amount": application.fee_amount,
        "fee_receipt_number": application.fee_receipt_number,
        "consultations": [
            {
                "kind": c.get_kind_display(),
                "party": c.party,
                "started_on": c.started_on.isoformat(),
                "ended_on": c.ended_on.isoformat() if c.ended_on else None,
                "opinion": c.opinion,
            }
            for c in application.consultations.all()
        ],
    }


def build(application: Application, actor: audit.Actor) -> bytes:
    services.receipt(application)  # the bundle is complete even before the queue has run
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "application.json", json.dumps(record(application), ensure_ascii=False, indent=2)
        )
        for index, letter in enumerate(application.letters.select_related("file"), start=1):
            archive.writestr(f"letters/{index:02d}-{letter.file.name}", read_file(letter.file))
        for index, item in enumerate(application.attachments.select_related("file"), start=1):
            name = f"attachments/{index:02d}-{item.get_kind_display()}-{item.file.name}"
            archive.writestr(name, read_file(item.file))
        history = [
            {
                "on": e.on.isoformat(),
                "action": e.get_action_display(),
                "from": e.from_state,
                "to": e.to_state,
                "by": e.actor.get_username() if e.actor else "",
                "note": e.note,
            }
            for e in application.events.select_related("actor")
        ]
        archive.writestr("history.json", json.dumps(history, ensure_ascii=False, indent=2))
        trail = [
            {
                "seq": entry.seq,
                "at": entry.at.isoformat(),
                "actor": entry.actor_name,
                "action": entry.action,
                "changes": entry.changes,
                "hash": entry.hash,
            }
            for entry in AuditEntry.objects.filter(
                object_type="cases.application", object_id=str(application.pk)
            ).order_by("seq")
        ]
        archive.writestr("audit.json", json.dumps(trail, ensure_ascii=False, indent=2))
    with transaction.atomic():
        audit.record(
            actor=actor, action="case.export_bundle", obj=application, agency=application.agency
        )
    return out.getvalue()
