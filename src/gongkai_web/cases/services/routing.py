"""Intake routing: an application that is a 信访, 投诉, 举报 or 12345 matter handed to its
channel (Art. 39 ¶1), its 不予处理告知书 drafted in the same step and then reviewed and signed
like any reply; signed, it counts once in table 三 row 信访举报投诉类申请."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from gongkai.cases import routing
from gongkai.cases.states import Action
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import Application, Handoff, HotlineTicket
from gongkai_web.cases.services._common import CaseError, _check_date, _move, locked


@transaction.atomic
def hand_off(
    *,
    actor: audit.Actor,
    application: Application,
    on: dt.date,
    today: dt.date,
    route: str,
    receiver: str,
    reference: str = "",
    reason: str = "",
) -> Handoff:
    application = locked(application)
    _check_date(application, on, today, "转交日期")
    try:
        chosen = routing.Route(route)
    except ValueError:
        labels = "、".join(r.label for r in routing.Route)
        raise CaseError(f"请选择“转交渠道”：{labels}") from None
    ticket = HotlineTicket.objects.filter(application=application).first()
    if chosen is routing.Route.HOTLINE and not reference.strip() and ticket is not None:
        reference = ticket.number  # back to the hotline under the ticket it came with
    try:
        handoff = routing.Handoff(chosen, receiver, reference)
    except routing.RoutingError as error:
        raise CaseError(error.message) from None
    disposition = routing.HANDOFF_DISPOSITION
    application.disposition = disposition.value
    application.outcome_reason = reason.strip()
    application.withheld_parts = ""
    application.withheld_grounds = []
    application.provision_note = ""
    _move(
        actor,
        application,
        Action.HAND_OFF,
        on,
        f"{chosen.label}：{handoff.receiver.strip()}"
        + (f"（编号 {handoff.reference.strip()}）" if handoff.reference.strip() else ""),
        {
            "disposition": disposition.value,
            "route": chosen.value,
            "receiver": handoff.receiver.strip(),
            "reference": handoff.reference.strip(),
        },
    )
    record, _ = Handoff.objects.update_or_create(
        application=application,
        defaults={
            "route": chosen.value,
            "receiver": handoff.receiver.strip(),
            "reference": handoff.reference.strip(),
            "recorded_on": on,
            "recorded_by": actor.user,
        },
    )
    return record


def handoff_of(application: Application) -> routing.Handoff | None:
    """The hand-off the application's 告知书 reports, while its outcome is the hand-off's."""
    if application.pk is None or application.disposition != routing.HANDOFF_DISPOSITION.value:
        return None
    found = Handoff.objects.filter(application=application).first()
    if found is None:
        return None
    return routing.Handoff(found.route_enum, found.receiver, found.reference)
