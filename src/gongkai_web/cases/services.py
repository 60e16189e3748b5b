"""The only write path for applications: each function checks, changes, files its letter and
records a CaseEvent and an audit row, all in one transaction.

Dates of events (``on``) are what the clerk enters, since the paper trail is often recorded a
day later; ``today`` is passed in by the view so that no event is dated in the future.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from gongkai.cases.counting import ApplicantColumn, ReviewKind, ReviewResult
from gongkai.cases.outcomes import Disposition, Outcome, OutcomeError
from gongkai.cases.states import Action, CaseState, Handling, IllegalTransition, next_state
from gongkai.documents.gbt9704 import render
from gongkai.fees import FeeError, PerApplication, fee_for, per_page
from gongkai.identity import IdentityNumberError, validate_credit_code, validate_resident_id
from gongkai.workdays import Calendar
from gongkai.workdays.clock import fee_payment_due
from gongkai_web.audit import services as audit
from gongkai_web.cases import letters
from gongkai_web.cases.clock import case_clock, periods
from gongkai_web.cases.models import (
    Application,
    Attachment,
    CaseEvent,
    Channel,
    Consultation,
    FeeMethod,
    IdType,
    Letter,
    LetterCounter,
    LetterKind,
    ReviewCase,
)
from gongkai_web.operations.files import store_file
from gongkai_web.organizations.models import Agency, Role, RoleGrant
from gongkai_web.organizations.permissions import grants

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
}


class CaseError(Exception):
    """Bad input or a rule of the regulation broken: the message says what to fix."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotPermitted(CaseError):
    pass


# --- who may do what ------------------------------------------------------------------------

ROLES_FOR: dict[Action | str, frozenset[str]] = {
    "register": frozenset({Role.CLERK}),
    Action.ASSIGN: frozenset({Role.CLERK, Role.LEADER}),
    Action.TRANSFER: frozenset({Role.CLERK, Role.LEADER}),
    Action.EXTEND: frozenset({Role.LEADER}),  # Art. 33: the working body's head approves
    Action.APPROVE_DRAFT: frozenset({Role.REVIEWER}),
    Action.REJECT_DRAFT: frozenset({Role.REVIEWER}),
    Action.SIGN: frozenset({Role.LEADER}),
    Action.REJECT_SIGNATURE: frozenset({Role.LEADER}),
}
DEFAULT_ROLES = frozenset({Role.CLERK})


def roles_here(user: User, application: Application) -> set[str]:
    places = {application.agency_id, application.handling_unit_id}
    return {g.role for g in grants(user) if g.agency_id in places}


def require(actor: audit.Actor, application: Application, what: Action | str) -> None:
    allowed = ROLES_FOR.get(what, DEFAULT_ROLES)
    user = actor.user
    if user is None or not (roles_here(user, application) & allowed):  # type: ignore[arg-type]
        label = what.label if isinstance(what, Action) else "登记申请"
        names = "、".join(Role(r).label for r in sorted(allowed))
        raise NotPermitted(f"“{label}”须由本机关的{names}办理")


# --- receipt --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ApplicantData:
    column: str
    name: str
    id_type: str
    id_number: str
    phone: str
    description: str
    provision_form: str
    delivery: str
    legal_representative: str = ""
    address: str = ""
    postcode: str = ""
    email: str = ""
    document_number: str = ""
    purpose: str = ""


@dataclass(frozen=True)
class Upload:
    kind: str
    name: str
    data: bytes


def clean_applicant(data: ApplicantData) -> ApplicantData:
    try:
        column = ApplicantColumn(data.column)
    except ValueError:
        raise CaseError("请选择申请人类型：自然人，或法人或其他组织中的一类") from None
    if not data.name.strip():
        raise CaseError("请填写申请人姓名或单位名称")
    number = data.id_number
    try:
        if column.is_organisation:
            if data.id_type != IdType.CREDIT_CODE:
                raise CaseError("法人或其他组织请填写统一社会信用代码")
            number = validate_credit_code(number)
            if not data.legal_representative.strip():
                raise CaseError("法人或其他组织请填写法定代表人或负责人姓名")
        elif data.id_type == IdType.RESIDENT_ID:
            number = validate_resident_id(number)
        elif data.id_type in (IdType.PASSPORT, IdType.OTHER):
            number = number.strip()
            if len(number) < 5:
                raise CaseError("请填写完整的证件号码")
        else:
            raise CaseError("自然人请选择居民身份证、护照或其他身份证件")
    except IdentityNumberError as error:
        raise CaseError(error.message) from None
    phone = "".join(ch for ch in data.phone if ch.isdigit() or ch == "-")
    if len(phone.replace("-", "")) < 7:
        raise CaseError("请填写有效的联系电话（手机或座机）")
    if len(data.description.strip()) < 4:
        raise CaseError("请描述所需政府信息的内容（名称、文号或便于查询的其他特征）")
    if data.provision_form not in {"paper", "email", "disc", "onsite"}:
        raise CaseError("请选择信息的提供形式")
    if data.delivery not in {"collect", "post", "email", "online"}:
        raise CaseError("请选择获取信息的方式")
    if data.delivery == "post" and not data.address.strip():
        raise CaseError("选择邮寄的，请填写通信地址")
    if "email" in (data.delivery, data.provision_form) and not data.email.strip():
        raise CaseError("选择电子邮件的，请填写电子邮箱")
    return ApplicantData(**{**data.__dict__, "id_number": number, "phone": phone})


def check_upload(upload: Upload) -> str:
    suffix = "." + upload.name.rsplit(".", 1)[-1].lower() if "." in upload.name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise CaseError(f"附件“{upload.name}”的类型不支持，请上传 PDF、JPG 或 PNG 文件")
    if len(upload.data) > MAX_ATTACHMENT_BYTES:
        raise CaseError(f"附件“{upload.name}”超过 10 MB，请压缩后再上传")
    return ATTACHMENT_TYPES[suffix]


def new_tracking_number(received: dt.date) -> str:
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    tail = "".join(secrets.choice(alphabet) for _ in range(6))
    return f"GK{received:%Y%m%d}{tail}"


@transaction.atomic
def receive(
    *,
    actor: audit.Actor,
    agency: Agency,
    applicant: ApplicantData,
    channel: str,
    received_on: dt.date,
    today: dt.date,
    calendar: Calendar,
    uploads: Iterable[Upload] = (),
) -> Application:
    """File a new application (online, by API or registered by a clerk) and its receipt."""
    if channel not in Channel.values:
        raise CaseError("请选择申请渠道")
    if channel not in (Channel.ONLINE, Channel.API):
        staff = actor.user
        if staff is None or not any(
            g.role == Role.CLERK and g.agency_id == agency.pk for g in grants(staff)
        ):
            raise NotPermitted("只有本机关的登记员可以登记申请")
    if received_on > today:
        raise CaseError("收到申请日期不能晚于今天")
    calendar.require(received_on.year)
    data = clean_applicant(applicant)
    checked = [(upload, check_upload(upload)) for upload in uploads]
    application = Application.objects.create(
        agency=agency,
        tracking_number=new_tracking_number(received_on),
        channel=channel,
        received_on=received_on,
        submitted_at=timezone.now(),
        applicant_column=data.column,
        applicant_name=data.name.strip(),
        id_type=data.id_type,
        id_number=data.id_number,
        legal_representative=data.legal_representative.strip(),
        phone=data.phone,
        address=data.address.strip(),
        postcode=data.postcode.strip(),
        email=data.email.strip(),
        description=data.description.strip(),
        document_number=data.document_number.strip(),
        purpose=data.purpose.strip(),
        provision_form=data.provision_form,
        delivery=data.delivery,
    )
    for upload, content_type in checked:
        stored = store_file(
            actor=actor,
            name=upload.name,
            data=upload.data,
            content_type=content_type,
            agency=agency,
        )
        Attachment.objects.create(application=application, kind=upload.kind, file=stored)
    _event(actor, application, "submit" if actor.user is None else "register", "", received_on)
    audit.record(
        actor=actor,
        action="case.received",
        obj=application,
        agency=agency,
        changes={"channel": channel, "received_on": received_on, "column": data.column},
    )
    # The receipt (a DOCX) is rendered after the commit by the task queue, so that the public
    # form answers quickly under load; a download before the task has run renders it at once.
    pk = application.pk
    transaction.on_commit(lambda: _queue_receipt(pk))
    return application


def _queue_receipt(pk: int) -> None:
    from gongkai_web.cases.tasks import issue_receipt

    issue_receipt(pk)


@transaction.atomic
def receipt(application: Application, calendar: Calendar | None = None) -> Letter:
    """The application's 申请接收回执, rendered and stored the first time it is asked for."""
    application = locked(application)
    found = application.letters.filter(kind=LetterKind.RECEIPT).first()
    if found is not None:
        return found
    due = case_clock(application).due(calendar or Calendar.shipped())
    actor = audit.Actor(user=None, role="system", agency=application.agency)
    return issue_letter(actor, application, LetterKind.RECEIPT, application.received_on, due=due)


# --- moving a case ---------------------------------------------------------------------------


def _event(
    actor: audit.Actor,
    application: Application,
    action: str,
    from_state: str,
    on: dt.date,
    note: str = "",
) -> None:
    CaseEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=application.state,
        on=on,
        at=timezone.now(),
        actor=actor.user,
        note=note,
    )


def _check_date(application: Application, on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise CaseError(f"{what}不能晚于今天")
    if on < application.received_on:
        raise CaseError(f"{what}不能早于收到申请的日期 {application.received_on.isoformat()}")


def _move(
    actor: audit.Actor,
    application: Application,
    action: Action,
    on: dt.date,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    require(actor, application, action)
    before = application.case_state
    try:
        after = next_state(
            before,
            action,
            Handling(signed_for=application.signed_for, extended=application.extended),
        )
    except IllegalTransition as error:
        raise CaseError(error.message) from None
    application.state = after.value
    application.save()
    _event(actor, application, action.value, before.value, on, note)
    audit.record(
        actor=actor,
        action=f"case.{action.value}",
        obj=application,
        agency=application.agency,
        changes={"state": {"before": before.value, "after": after.value}, "on": on}
        | (changes or {}),
    )


def locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


@transaction.atomic
def assign(
    *,
    actor: audit.Actor,
    application: Application,
    unit: Agency,
    handler: User | None,
    on: dt.date,
    today: dt.date,
) -> None:
    application = locked(application)
    _check_date(application, on, today, "分办日期")
    _check_unit(application, unit, handler)
    action = Action.ASSIGN if application.case_state is CaseState.REGISTERED else Action.TRANSFER
    application.handling_unit, application.handler = unit, handler
    application.signed_for = False
    _move(
        actor,
        application,
        action,
        on,
        f"承办单位：{unit.name}",
        {"unit": unit.name, "handler": handler.get_username() if handler else ""},
    )


def _check_unit(application: Application, unit: Agency, handler: User | None) -> None:
    if not unit.path.startswith(application.agency.path):
        raise CaseError(f"承办单位“{unit.name}”不是本机关或其下属单位")
    if (
        handler is not None
        and not RoleGrant.objects.filter(
            user=handler, agency__in=[unit, application.agency], role=Role.CLERK
        ).exists()
    ):
        raise CaseError(f"{handler.get_full_name() or handler.get_username()}不是该单位的承办人")


@transaction.atomic
def sign_for(*, actor: audit.Actor, application: Application, on: dt.date, today: dt.date) -> None:
    application = locked(application)
    _check_date(application, on, today, "签收日期")
    if (
        application.handler_id
        and actor.user is not None
        and application.handler_id != actor.user.pk
    ):
        raise NotPermitted("只有被分办的承办人可以签收")
    application.signed_for = True
    if application.handler_id is None:
        application.handler = actor.user  # type: ignore[assignment]
    _move(actor, application, Action.SIGN_FOR, on)


@transaction.atomic
def give_back(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, reason: str
) -> None:
    application = locked(application)
    _check_date(application, on, today, "退回日期")
    if not reason.strip():
        raise CaseError("退回须说明理由")
    application.handling_unit, application.handler = None, None
    _move(actor, application, Action.RETURN, on, reason.strip())


@transaction.atomic
def request_correction(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    items: str,
    deadline: dt.date,
    calendar: Calendar,
) -> None:
    application = locked(application)
    _check_date(application, on, today, "补正告知日期")
    if application.correction_requested_on is not None:
        raise CaseError("补正只能告知一次（条例第三十条“一次性告知”）")
    if not items.strip():
        raise CaseError("请写明需要补正的事项")
    if deadline <= on:
        raise CaseError("补正期限应晚于告知日期")
    late = on > calendar.add_working_days(application.received_on, periods().correction_notice)
    application.correction_requested_on = on
    application.correction_items = items.strip()
    application.correction_deadline = deadline
    note = items.strip() + ("（已超过收到申请后7个工作日的告知期限）" if late else "")
    _move(actor, application, Action.REQUEST_CORRECTION, on, note, {"late": late})
    issue_letter(
        actor,
        application,
        LetterKind.CORRECTION,
        on,
        items=items.strip(),
        correction_deadline=deadline,
    )


@transaction.atomic
def receive_correction(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date
) -> None:
    application = locked(application)
    _check_date(application, on, today, "收到补正日期")
    if application.correction_requested_on and on < application.correction_requested_on:
        raise CaseError("收到补正日期不能早于补正告知日期")
    application.corrected_on = on
    _move(actor, application, Action.RECEIVE_CORRECTION, on)


@transaction.atomic
def start_consultation(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    kind: str,
    party: str,
) -> Consultation:
    application = locked(application)
    _check_date(application, on, today, "征求意见日期")
    if not party.strip():
        raise CaseError("请填写征求意见的对象")
    consultation = Consultation.objects.create(
        application=application, kind=kind, party=party.strip(), started_on=on
    )
    _move(actor, application, Action.START_CONSULTATION, on, party.strip(), {"kind": kind})
    if kind == Consultation.Kind.THIRD_PARTY:
        issue_letter(
            actor,
            application,
            LetterKind.CONSULTATION,
            on,
            addressee=party.strip(),
            party=party.strip(),
        )
    return consultation


@transaction.atomic
def end_consultation(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, opinion: str
) -> None:
    application = locked(application)
    consultation = application.consultations.filter(ended_on__isnull=True).last()
    if consultation is None:
        raise CaseError("没有正在进行的征求意见")
    _check_date(application, on, today, "收到意见日期")
    if on < consultation.started_on:
        raise CaseError("收到意见日期不能早于发出征求意见的日期")
    consultation.ended_on = on
    consultation.opinion = opinion.strip()
    consultation.save()
    _move(actor, application, Action.END_CONSULTATION, on, opinion.strip())


@transaction.atomic
def extend(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    reason: str,
    calendar: Calendar,
) -> None:
    application = locked(application)
    _check_date(application, on, today, "批准延期日期")
    if not reason.strip():
        raise CaseError("延期须说明理由")
    due = case_clock(application).due(calendar)
    if due is not None and on > due:
        raise CaseError(f"答复期限已于 {due.isoformat()} 届满，不能再延期")
    application.extended = True
    application.extended_on = on
    application.extension_reason = reason.strip()
    _move(actor, application, Action.EXTEND, on, reason.strip())
    extended_due = case_clock(application).due(calendar)
    issue_letter(
        actor,
        application,
        LetterKind.EXTENSION,
        on,
        reason=reason.strip(),
        extended_due=extended_due,
    )


@transaction.atomic
def submit_draft(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    disposition: str,
    reason: str = "",
    withheld_parts: str = "",
    provision_note: str = "",
) -> None:
    application = locked(application)
    _check_date(application, on, today, "拟稿日期")
    try:
        outcome = Outcome(Disposition(disposition), reason, withheld_parts)
    except ValueError as error:
        message = getattr(error, "message", "请选择答复类型")
        raise CaseError(message) from None
    if outcome.disposition in (Disposition.NO_CORRECTION, Disposition.FEE_UNPAID):
        raise CaseError("逾期未补正、逾期未缴费请使用“终止办理”，不必拟写答复")
    application.disposition = outcome.disposition.value
    application.outcome_reason = outcome.reason.strip()
    application.withheld_parts = outcome.withheld_parts.strip()
    application.provision_note = provision_note.strip()
    application.drafted_by = actor.user  # type: ignore[assignment]
    application.reviewed_by = None
    _move(
        actor,
        application,
        Action.SUBMIT_DRAFT,
        on,
        outcome.disposition.label,
        {"disposition": outcome.disposition.value},
    )


def _not_drafter(actor: audit.Actor, application: Application, what: str) -> None:
    if actor.user is not None and actor.user.pk == application.drafted_by_id:
        raise NotPermitted(f"答复稿须由拟稿人以外的人员{what}")


@transaction.atomic
def review(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    approve: bool,
    note: str = "",
) -> None:
    application = locked(application)
    _check_date(application, on, today, "审核日期")
    _not_drafter(actor, application, "审核")
    if approve:
        application.reviewed_by = actor.user  # type: ignore[assignment]
        _move(actor, application, Action.APPROVE_DRAFT, on, note)
    else:
        if not note.strip():
            raise CaseError("退回答复稿须写明意见")
        _move(actor, application, Action.REJECT_DRAFT, on, note.strip())


@transaction.atomic
def sign(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    approve: bool = True,
    note: str = "",
) -> Letter | None:
    application = locked(application)
    _check_date(application, on, today, "签发日期")
    _not_drafter(actor, application, "签发")
    if not approve:
        if not note.strip():
            raise CaseError("退回须写明意见")
        _move(actor, application, Action.REJECT_SIGNATURE, on, note.strip())
        return None
    application.signed_by = actor.user  # type: ignore[assignment]
    application.closed_on = on
    application.outcome_row = Disposition(application.disposition).row
    _move(actor, application, Action.SIGN, on, note, {"row": application.outcome_row})
    letter = issue_letter(actor, application, LetterKind.REPLY, on)
    application.reply_number = letter.number
    application.save(update_fields=["reply_number"])
    return letter


@transaction.atomic
def deliver(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    channel: str,
    proof: str,
) -> None:
    application = locked(application)
    require(actor, application, "deliver")
    if application.case_state is not CaseState.REPLIED:
        raise CaseError("只有已答复的申请才能登记送达")
    if application.closed_on and on < application.closed_on:
        raise CaseError("送达日期不能早于答复日期")
    _check_date(application, on, today, "送达日期")
    if channel not in {"post", "email", "in_person", "online"}:
        raise CaseError("请选择送达方式")
    if not proof.strip():
        raise CaseError("请填写送达凭证：邮件单号、电子邮件发送记录或签收人")
    application.delivered_on = on
    application.delivery_channel = channel
    application.delivery_proof = proof.strip()
    application.save()
    _event(actor, application, "deliver", application.state, on, proof.strip())
    audit.record(
        actor=actor,
        action="case.deliver",
        obj=application,
        agency=application.agency,
        changes={"on": on, "channel": channel, "proof": proof.strip()},
    )


@transaction.atomic
def archive(*, actor: audit.Actor, application: Application, on: dt.date, today: dt.date) -> None:
    application = locked(application)
    _check_date(application, on, today, "归档日期")
    if application.case_state is CaseState.REPLIED and application.delivered_on is None:
        raise CaseError("答复尚未登记送达，不能归档")
    application.archived_on = on
    _move(actor, application, Action.ARCHIVE, on)


def _close(
    actor: audit.Actor,
    application: Application,
    action: Action,
    on: dt.date,
    disposition: Disposition,
    reason: str = "",
) -> None:
    application.disposition = disposition.value
    application.outcome_row = disposition.row
    application.outcome_reason = reason
    application.closed_on = on
    _move(actor, application, action, on, reason, {"row": disposition.row})


@transaction.atomic
def withdraw(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, reason: str
) -> None:
    application = locked(application)
    _check_date(application, on, today, "撤回日期")
    try:
        Outcome(Disposition.OTHER, reason or "")
    except OutcomeError:
        raise CaseError("请写明撤回的情况（如“申请人书面撤回申请”）") from None
    _close(actor, application, Action.WITHDRAW, on, Disposition.OTHER, reason.strip())


@transaction.atomic
def close_no_correction(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date
) -> None:
    application = locked(application)
    _check_date(application, on, today, "终止日期")
    deadline = application.correction_deadline
    if deadline is None or on <= deadline:
        raise CaseError(f"补正期限（{deadline}）尚未届满，不能以逾期未补正终止办理")
    _close(actor, application, Action.CLOSE_NO_CORRECTION, on, Disposition.NO_CORRECTION)


# --- fees -----------------------------------------------------------------------------------


@transaction.atomic
def fee_notice(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    method: str,
    quantity: int,
    calendar: Calendar,
) -> None:
    """A 收费通知 within the handling period (109号); ``on`` is the day the applicant got it."""
    application = locked(application)
    require(actor, application, "fee_notice")
    _check_date(application, on, today, "收费通知送达日期")
    if application.case_state not in (CaseState.IN_PROGRESS, CaseState.EXTENDED):
        raise CaseError("只有办理中的申请可以发出收费通知")
    if application.fee_method:
        raise CaseError("本申请已发出收费通知；同一申请不得既按件又按量收费")
    due = case_clock(application).due(calendar)
    if due is not None and on > due:
        raise CaseError(f"收费通知应在答复期限（{due.isoformat()}）内发出")
    try:
        if method == FeeMethod.PER_PAGE:
            amount = per_page(quantity).total
        elif method == FeeMethod.PER_APPLICATION:
            amount = _per_application_fee(application, quantity)
        else:
            raise CaseError("请选择按件计收或按量计收")
    except FeeError as error:
        raise CaseError(error.message) from None
    if amount == 0:
        raise CaseError("按此数量不收费（在免费档内），无需发出收费通知")
    application.fee_method, application.fee_quantity = method, quantity
    application.fee_amount, application.fee_notice_received_on = amount, on
    application.save()
    _event(actor, application, "fee_notice", application.state, on, f"{amount} 元")
    audit.record(
        actor=actor,
        action="case.fee_notice",
        obj=application,
        agency=application.agency,
        changes={"method": method, "quantity": quantity, "amount": amount},
    )
    issue_letter(
        actor,
        application,
        LetterKind.FEE,
        on,
        amount=amount,
        method=FeeMethod(method).label,
        quantity=quantity,
    )


def _per_application_fee(application: Application, rank: int) -> int:
    # ``rank``: this application's place among the applicant's applications that month.
    return fee_for(PerApplication(rank_in_month=rank))


@transaction.atomic
def fee_paid(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, receipt: str
) -> None:
    application = locked(application)
    require(actor, application, "fee_paid")
    if not application.fee_notice_received_on:
        raise CaseError("本申请没有收费通知")
    _check_date(application, on, today, "缴费日期")
    if not receipt.strip():
        raise CaseError("请填写缴费票据号")
    application.fee_paid_on, application.fee_receipt_number = on, receipt.strip()
    application.save()
    _event(actor, application, "fee_paid", application.state, on, receipt.strip())
    audit.record(
        actor=actor,
        action="case.fee_paid",
        obj=application,
        agency=application.agency,
        changes={"on": on, "receipt": receipt.strip()},
    )


@transaction.atomic
def close_fee_unpaid(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    calendar: Calendar,
) -> None:
    application = locked(application)
    _check_date(application, on, today, "终止日期")
    notice = application.fee_notice_received_on
    if notice is None or application.fee_paid_on is not None:
        raise CaseError("本申请没有未缴的收费通知")
    last_day = fee_payment_due(calendar, notice, periods().fee_payment)
    if on <= last_day:
        raise CaseError(f"缴费期限至 {last_day.isoformat()}，届满后才能终止办理")
    _close(actor, application, Action.CLOSE_FEE_UNPAID, on, Disposition.FEE_UNPAID)


# --- letters --------------------------------------------------------------------------------


def next_letter_number(application: Application, kind: str, year: int) -> str:
    prefix = letters.settings_for(application).letter_prefix + LETTER_SUFFIX[kind]
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
        created_at=timezone.now(),
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


# --- reconsideration and litigation (table 四) ---------------------------------------------


@transaction.atomic
def record_review(
    *,
    actor: audit.Actor,
    application: Application,
    kind: str,
    filed_on: dt.date,
    today: dt.date,
    case_number: str = "",
) -> ReviewCase:
    require(actor, application, "review_case")
    if kind not in {k.value for k in ReviewKind}:
        raise CaseError("请选择行政复议、未经复议直接起诉或复议后起诉")
    _check_date(application, filed_on, today, "立案（申请）日期")
    review_case = ReviewCase.objects.create(
        agency=application.agency,
        application=application,
        kind=kind,
        filed_on=filed_on,
        case_number=case_number.strip(),
    )
    audit.record(
        actor=actor,
        action="case.review_filed",
        obj=review_case,
        agency=application.agency,
        changes={"application": application.tracking_number, "kind": kind, "filed_on": filed_on},
    )
    return review_case


@transaction.atomic
def decide_review(
    *,
    actor: audit.Actor,
    review_case: ReviewCase,
    result: str,
    decided_on: dt.date,
    today: dt.date,
) -> None:
    application = review_case.application
    if application is not None:
        require(actor, application, "review_case")
    if result not in {r.value for r in ReviewResult} or result == ReviewResult.PENDING.value:
        raise CaseError("请选择结果：维持、纠正或其他")
    if decided_on > today or decided_on < review_case.filed_on:
        raise CaseError("审结日期应在立案日期和今天之间")
    review_case.result, review_case.decided_on = result, decided_on
    review_case.save()
    audit.record(
        actor=actor,
        action="case.review_decided",
        obj=review_case,
        agency=review_case.agency,
        changes={"result": result, "decided_on": decided_on},
    )
