"""The agency's other publishing records: the registers of decisions and fees (table 二) and
the versions of the 政府信息公开指南."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from gongkai.publishing.registers import DecisionRow, FeeRow, parse_amount
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import guide as guide_text
from gongkai_web.publishing.models import DecisionRecord, FeeRecord, Guide

# --- registers -----------------------------------------------------------------------------


class ImportRejected(ValidationError):
    """The whole file is refused; ``rows`` lists every problem found."""

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        super().__init__(rows)


def add_decisions(
    *, actor: audit.Actor, agency: Agency, kind: str, rows: list[DecisionRow], source: str = ""
) -> list[DecisionRecord]:
    with transaction.atomic():
        now = clock.now()
        try:
            with transaction.atomic():
                created = DecisionRecord.objects.bulk_create(
                    DecisionRecord(
                        agency=agency, kind=kind, number=row.number, party=row.party,
                        party_kind=row.party_kind, decided_on=row.decided_on, matter=row.matter,
                        decision=row.decision, created_at=now,
                    )
                    for row in rows
                )  # fmt: skip
        except IntegrityError:
            raise ImportRejected(["有决定书文号已登记过，请核对后重新导入"]) from None
        audit.record(
            actor=actor, action=f"register.{kind}.added", agency=agency,
            object_type="publishing.decisionrecord",
            object_id=_id_span(created),
            changes={"count": len(created), "source": source, "ids": [r.pk for r in created]},
        )  # fmt: skip
    return created


def _id_span(created: list[DecisionRecord] | list[FeeRecord]) -> str:
    # The audit column holds 64 characters: a whole import is named by its first and last id,
    # and every id is listed in the changes.
    if len(created) <= 1:
        return ",".join(str(r.pk) for r in created)
    return f"{created[0].pk}..{created[-1].pk}"


def add_fee(
    *, actor: audit.Actor, agency: Agency, item: str, basis: str, amount: str | Decimal,
    collected_on: dt.date,
) -> FeeRecord:  # fmt: skip
    try:
        value = parse_amount(amount)
    except ValueError as exc:
        raise ValidationError({"amount": str(exc)}) from None
    if not item.strip() or not basis.strip():
        raise ValidationError("请填写收费项目和收费依据")
    with transaction.atomic():
        fee = FeeRecord.objects.create(
            agency=agency, item=item.strip(), basis=basis.strip(), amount=value,
            collected_on=collected_on, created_at=clock.now(),
        )  # fmt: skip
        audit.record(
            actor=actor, action="register.fee.added", obj=fee, agency=agency,
            changes={"item": fee.item, "amount": value, "collected_on": collected_on},
        )  # fmt: skip
    return fee


def add_fees(
    *, actor: audit.Actor, agency: Agency, rows: list[FeeRow], source: str = ""
) -> list[FeeRecord]:
    """Rows already checked (``read_fees``), written together with one audit row."""
    with transaction.atomic():
        now = clock.now()
        created = FeeRecord.objects.bulk_create(
            FeeRecord(
                agency=agency, item=row.item, basis=row.basis, amount=row.amount,
                collected_on=row.collected_on, created_at=now,
            )
            for row in rows
        )  # fmt: skip
        audit.record(
            actor=actor, action="register.fee.added", agency=agency,
            object_type="publishing.feerecord", object_id=_id_span(created),
            changes={
                "count": len(created), "source": source, "ids": [r.pk for r in created],
                "amount": sum((row.amount for row in rows), Decimal(0)),
            },
        )  # fmt: skip
    return created


def remove_register_row(
    *, actor: audit.Actor, record: DecisionRecord | FeeRecord, reason: str
) -> None:
    """Take a wrongly entered decision or fee out of the register, to be entered again right.
    The audit row keeps every value it had; a report already published keeps its own snapshot
    of the figures."""
    if not reason.strip():
        raise ValidationError("请写明删除原因（例如：文号录入错误，已重新登记）")
    kind = "fee" if isinstance(record, FeeRecord) else record.kind
    values = (
        {"item": record.item, "basis": record.basis, "amount": str(record.amount),
         "collected_on": record.collected_on.isoformat()}
        if isinstance(record, FeeRecord)
        else {"number": record.number, "party_kind": record.party_kind,
              "decided_on": record.decided_on.isoformat(), "matter": record.matter,
              "decision": record.decision}
    )  # fmt: skip
    with transaction.atomic():
        audit.record(
            actor=actor, action=f"register.{kind}.removed", obj=record, agency=record.agency,
            changes={**values, "reason": reason.strip()},
        )  # fmt: skip
        record.delete()


def publish_guide(*, actor: audit.Actor, agency: Agency) -> Guide:
    if actor.user is None:
        raise PermissionDenied("发布指南须由登录的人员进行")
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        latest = Guide.objects.filter(agency=agency).order_by("-version").first()
        body = guide_text.compose(agency)
        if latest is not None and latest.body == body:
            raise ValidationError("指南内容与当前版本相同，无需重新发布")
        guide = Guide.objects.create(
            agency=agency, version=(latest.version + 1) if latest else 1, body=body,
            published_at=clock.now(), published_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor=actor, action="guide.published", obj=guide, agency=agency,
            changes={"version": guide.version},
        )  # fmt: skip
    return guide
