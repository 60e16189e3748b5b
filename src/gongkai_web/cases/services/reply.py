"""The reply: draft, review, signature, delivery, archive, and closing without a reply."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.db import transaction

from gongkai.cases.grounds import GroundError, parts_from
from gongkai.cases.outcomes import Disposition, Outcome, OutcomeError
from gongkai.cases.states import Action, CaseState
from gongkai_web.audit import services as audit
from gongkai_web.cases import letters
from gongkai_web.cases.models import (
    Application,
    Attachment,
    DeliveryChannel,
    Handoff,
    Letter,
    LetterKind,
)
from gongkai_web.cases.services._common import (
    CaseError,
    _check_date,
    _close,
    _event,
    _move,
    locked,
    require,
)
from gongkai_web.cases.services.documents import (
    Upload,
    attach,
    issue_letter,
)
from gongkai_web.cases.services.fees import unpaid_fee_problem

# The states whose last letter goes to the applicant and is then delivered (送达).
_CONCLUDED = (CaseState.REPLIED, CaseState.CLOSED, CaseState.WITHDRAWN)


@transaction.atomic
def submit_draft(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    disposition: str,
    reason: str = "",
    withheld: Sequence[tuple[str, str]] = (),
    provision_note: str = "",
) -> None:
    """``withheld``: for 部分公开, (part, ground) rows, each ground a ``Ground`` value."""
    application = locked(application)
    _check_date(application, on, today, "拟稿日期")
    try:
        parts = parts_from(withheld) if disposition == Disposition.PARTIAL.value else ()
        if disposition == Disposition.PARTIAL.value and not parts:
            raise GroundError(
                "部分公开须逐项写明不予公开的部分，并从列表中选择每一项的理由（条例第三十七条）"
            )
        outcome = Outcome(Disposition(disposition), reason, "、".join(p.part for p in parts))
    except ValueError as error:
        message = getattr(error, "message", "请选择答复类型")
        raise CaseError(message) from None
    application.withheld_grounds = [
        {"part": letters.clause(p.part), "ground": p.ground.value} for p in parts
    ]
    if outcome.disposition in (Disposition.NO_CORRECTION, Disposition.FEE_UNPAID):
        raise CaseError("逾期未补正、逾期未缴费请使用“终止办理”，不必拟写答复")
    # A draft written here is not a hand-off: a hand-off sent back and redrafted is undone.
    Handoff.objects.filter(application=application).delete()
    application.disposition = outcome.disposition.value
    application.outcome_reason = outcome.reason.strip()
    application.withheld_parts = outcome.withheld_parts.strip()
    application.provision_note = provision_note.strip()
    _move(
        actor,
        application,
        Action.SUBMIT_DRAFT,
        on,
        outcome.disposition.label,
        {"disposition": outcome.disposition.value},
    )


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
    if approve:
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
    if not approve:
        if not note.strip():
            raise CaseError("退回须写明意见")
        _move(actor, application, Action.REJECT_SIGNATURE, on, note.strip())
        return None
    disposition = Disposition(application.disposition)
    problem = letters.remedy_problem(application, disposition)
    if not problem and disposition.rule.provides:
        problem = unpaid_fee_problem(application)
    if problem:
        raise CaseError(problem)
    application.closed_on = on
    application.outcome_row = disposition.row
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
    proof_file: Upload | None = None,
) -> None:
    """送达 of the reply or of the closing letter: the way, the day, the proof (a scan of the
    signed 回执 or of the postal record may be filed with it)."""
    application = locked(application)
    require(actor, application, "deliver")
    if application.case_state not in _CONCLUDED:
        raise CaseError("只有已答复、已终止办理或已撤回的申请才能登记送达")
    if application.delivered_on is not None:
        raise CaseError(f"本申请已于 {application.delivered_on.isoformat()} 登记送达")
    if application.closed_on and on < application.closed_on:
        raise CaseError(f"送达日期不能早于答复（办结）日期 {application.closed_on.isoformat()}")
    _check_date(application, on, today, "送达日期")
    if channel not in DeliveryChannel.values:
        raise CaseError("请选择送达方式")
    if not proof.strip():
        raise CaseError("请填写送达凭证：邮件单号、电子邮件发送记录或签收人")
    application.delivered_on = on
    application.delivery_channel = channel
    application.delivery_proof = proof.strip()
    application.save()
    if proof_file is not None:
        attach(
            actor=actor,
            application=application,
            upload=Upload(Attachment.Kind.DELIVERY_PROOF, proof_file.name, proof_file.data),
        )
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
    if application.delivered_on is None:
        if application.case_state is CaseState.REPLIED:
            raise CaseError("答复尚未登记送达，不能归档")
        # Cases closed before closing letters existed (or imported from a ledger) have none.
        if application.letters.filter(kind=LetterKind.CLOSURE).exists():
            raise CaseError("终止办理告知书尚未登记送达，不能归档")
    application.archived_on = on
    _move(actor, application, Action.ARCHIVE, on)


@transaction.atomic
def withdraw(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, reason: str
) -> Letter:
    """The applicant withdrew: the case ends (other_3) with a letter confirming it."""
    application = locked(application)
    _check_date(application, on, today, "撤回日期")
    try:
        Outcome(Disposition.OTHER, reason or "")
    except OutcomeError:
        raise CaseError("请写明撤回的情况（如“申请人书面撤回申请”）") from None
    return _close(actor, application, Action.WITHDRAW, on, Disposition.OTHER, reason.strip())


@transaction.atomic
def close_no_correction(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date
) -> Letter:
    application = locked(application)
    _check_date(application, on, today, "终止日期")
    deadline = application.correction_deadline
    if deadline is None:
        raise CaseError("本申请没有发出补正告知，不能以逾期未补正终止办理")
    if on <= deadline:
        raise CaseError(f"补正期限（{deadline}）尚未届满，不能以逾期未补正终止办理")
    return _close(actor, application, Action.CLOSE_NO_CORRECTION, on, Disposition.NO_CORRECTION)
