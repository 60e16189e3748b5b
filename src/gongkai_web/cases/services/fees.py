"""Fees (109号): the fee notice, payment, and closing when the fee is not paid."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.cases.outcomes import Disposition
from gongkai.cases.states import Action, CaseState
from gongkai.fees import FeeError, PerApplication, fee_for, per_page
from gongkai.workdays import Calendar
from gongkai.workdays.clock import fee_payment_due
from gongkai_web.audit import services as audit
from gongkai_web.cases.clock import case_clock, periods
from gongkai_web.cases.models import (
    Application,
    FeeMethod,
    LetterKind,
)
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
