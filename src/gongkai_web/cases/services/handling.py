"""Handling an application: assignment, sign-for, return, correction, consultation, extension."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User
from django.db import transaction

from gongkai.cases.states import WAITING_ON_OTHERS, Action, CaseState
from gongkai.workdays import Calendar
from gongkai_web.audit import services as audit
from gongkai_web.cases.clock import case_clock, periods
from gongkai_web.cases.models import (
    Application,
    Consultation,
    LetterKind,
)
from gongkai_web.cases.services._common import (
    AlreadyExtended,
    CaseError,
    NotPermitted,
    _check_date,
    _move,
    locked,
    require,
)
from gongkai_web.cases.services.documents import (
    issue_letter,
)
from gongkai_web.organizations.models import Agency, Role, RoleGrant


@transaction.atomic
def assign(
    *,
    actor: audit.Actor,
    application: Application,
    unit: Agency,
    handler: User | None,
    on: dt.date,
    today: dt.date,
) -> Action:
    """分办 a registered case, 转办 one being handled (the new unit signs for it), or 改派 one
    waiting on others (the new handler takes it over as it stands, its clock running on).
    Returns which of the three it was, for the page to say."""
    application = locked(application)
    _check_date(application, on, today, "分办日期")
    _check_unit(application, unit, handler)
    state = application.case_state
    if state is CaseState.REGISTERED:
        action = Action.ASSIGN
    elif state in WAITING_ON_OTHERS:
        action = Action.REASSIGN
        if application.handling_unit_id is None:
            raise CaseError("本申请尚未分办，无可改派的承办单位；收到补正后再分办")
    else:
        action = Action.TRANSFER
    # Checked against the unit that holds the case now, before the new one is written in.
    require(actor, application, action)
    before = {
        "unit": application.handling_unit.name if application.handling_unit else "",
        "handler": application.handler.get_username() if application.handler else "",
    }
    application.handling_unit, application.handler = unit, handler
    if action is not Action.REASSIGN:
        application.signed_for = False
    _move(
        actor,
        application,
        action,
        on,
        f"承办单位：{unit.name}",
        {
            "unit": unit.name,
            "handler": handler.get_username() if handler else "",
            "previous": before,
        },
    )
    return action


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
        application.handler = actor.user
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
    if application.extended:
        raise AlreadyExtended(
            f"本申请已于 {application.extended_on} 批准延期；条例第三十三条第二款只允许延期一次"
            "（最长20个工作日），不能再次延期，请在延长后的期限内答复"
        )
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
