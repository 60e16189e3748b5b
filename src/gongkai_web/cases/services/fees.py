"""Fees (109号): the fee notice, payment, and closing when the fee is not paid."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.cases.outcomes import Disposition
from gongkai.cases.states import Action, CaseState
from gongkai.fees import FeeError, PerApplication, fee_for, notice_lines, per_page
from gongkai.fees import FeeMethod as CoreFeeMethod
from gongkai.workdays import Calendar
from gongkai.workdays.clock import fee_payment_due
from gongkai_web.audit import services as audit
from gongkai_web.cases import letters
from gongkai_web.cases.clock import case_clock, periods
from gongkai_web.cases.models import (
    Application,
    FeeMethod,
    LetterKind,
)
from gongkai_web.cases.selectors import month_applications
from gongkai_web.cases.services._common import (
    CaseError,
    _check_date,
    _close,
    _event,
    locked,
    require,
)
from gongkai_web.cases.services.documents import (
    issue_letter,
)

# --- fees -----------------------------------------------------------------------------------


@transaction.atomic
def fee_notice(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    method: str,
    pages: int | None = None,
    calendar: Calendar,
) -> None:
    """A 收费通知 within the handling period (109号); ``on`` is the day the applicant got it.

    按量计收 charges the ``pages`` of this application; 按件计收 charges it by its place among
    the applicant's applications that month, counted from the records (never typed in)."""
    application = locked(application)
    require(actor, application, "fee_notice")
    _check_date(application, on, today, "收费通知送达日期")
    if application.case_state not in (CaseState.IN_PROGRESS, CaseState.EXTENDED):
        raise CaseError("只有办理中的申请可以发出收费通知")
    if application.fee_method:
        raise CaseError(
            f"本申请已于 {application.fee_notice_received_on} 发出收费通知"
            f"（{application.get_fee_method_display()} {application.fee_amount} 元）；"
            "同一申请只收一次费，不得既按件又按量收费"
        )
    payment = letters.settings_for(application).fee_payment.strip()
    if not payment:
        raise CaseError(
            "收费通知书须写明缴费方式，目前无法发出。请系统管理员在后台“依申请公开设置”"
            f"（/admin/cases/casesettings/）中为“{application.agency.name}”填写“信息处理费缴纳方式”"
        )
    due = case_clock(application).due(calendar)
    if due is not None and on > due:
        raise CaseError(f"收费通知应在答复期限（{due.isoformat()}）内发出")
    counted: list[str] = []
    try:
        if method == FeeMethod.PER_PAGE:
            if pages is None:
                raise CaseError("按量计收请填写本申请的页数")
            quantity, amount = pages, per_page(pages).total
        elif method == FeeMethod.PER_APPLICATION:
            if pages is not None:
                raise CaseError(
                    "按件计收不按页数计费：请清空页数，或改选按量计收（二者不得同时适用）"
                )
            month = month_applications(application)
            if not month:
                raise CaseError(
                    "本申请的证件号码不完整，无法确定申请人本月的申请件数，不能按件计收"
                )
            counted = [a.tracking_number for a in month]
            quantity, amount = len(month), fee_for(PerApplication(rank_in_month=len(month)))
        else:
            raise CaseError("请选择按件计收或按量计收")
    except FeeError as error:
        raise CaseError(error.message) from None
    if amount == 0:
        if counted:
            raise CaseError(
                f"本申请是该申请人本月的第 {quantity} 件申请，在免费档内，无需发出收费通知"
            )
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
        changes={"method": method, "quantity": quantity, "amount": amount}
        | ({"counted": counted} if counted else {}),
    )
    core_method = CoreFeeMethod(method)
    issue_letter(
        actor,
        application,
        LetterKind.FEE,
        on,
        amount=amount,
        method=core_method.label,
        quantity=quantity,
        unit=core_method.unit,
        tiers="；".join(notice_lines(core_method, quantity)),
        pay_by=fee_payment_due(calendar, on, periods().fee_payment),
        payment=payment,
    )


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
def fee_waive(
    *, actor: audit.Actor, application: Application, on: dt.date, today: dt.date, reason: str
) -> None:
    """减免: the fee notified is not collected, for the reason recorded (109号 names no cases of
    exemption, regulation.md §4: the reason is the record)."""
    application = locked(application)
    require(actor, application, "fee_paid")
    if not application.fee_notice_received_on:
        raise CaseError("本申请没有收费通知")
    if application.fee_paid_on or application.fee_waived_on:
        raise CaseError("本申请的信息处理费已缴纳或已减免")
    _check_date(application, on, today, "减免日期")
    if not reason.strip():
        raise CaseError("请写明减免信息处理费的理由和批准人")
    application.fee_waived_on, application.fee_waiver_reason = on, reason.strip()
    application.save()
    _event(actor, application, "fee_waived", application.state, on, reason.strip())
    audit.record(
        actor=actor,
        action="case.fee_waived",
        obj=application,
        agency=application.agency,
        changes={"on": on, "reason": reason.strip(), "amount": application.fee_amount},
    )


def unpaid_fee_problem(application: Application) -> str:
    """Why a reply providing information waits: a fee notified, neither paid nor waived."""
    if not application.fee_notice_received_on:
        return ""
    if application.fee_paid_on or application.fee_waived_on:
        return ""
    return (
        f"本申请的信息处理费（{application.fee_amount}元）尚未缴纳：提供信息的答复须在申请人缴费"
        "（登记缴费）或登记减免（写明理由）后才能签发；逾期未缴纳的，以“逾期未缴费”终止办理"
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
    if notice is None or application.fee_paid_on is not None or application.fee_waived_on:
        raise CaseError("本申请没有未缴的收费通知")
    last_day = fee_payment_due(calendar, notice, periods().fee_payment)
    if on <= last_day:
        raise CaseError(f"缴费期限至 {last_day.isoformat()}，届满后才能终止办理")
    _close(actor, application, Action.CLOSE_FEE_UNPAID, on, Disposition.FEE_UNPAID)
