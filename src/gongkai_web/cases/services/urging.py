"""催办: the leader or the 政务公开办 above presses an open application that is overdue or due
soon. It does not move the case; it is a line of its history with the reason, an audit row, and
an e-mail to whoever handles it (its handler, or the handling unit's clerks)."""

from __future__ import annotations

import datetime as dt

from django.core.mail import send_mail
from django.db import transaction

from gongkai_web.audit import services as audit
from gongkai_web.cases.models import Application
from gongkai_web.cases.services._common import CaseError, NotPermitted, _event, locked
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import grants


def may_urge(user: object, application: Application) -> bool:
    """The agency's leader, or a 政务公开办 at the agency or above it."""
    path = application.agency.path
    return any(
        (grant.role == Role.LEADER and grant.agency_id == application.agency_id)
        or (grant.role == Role.SUPERVISOR and path.startswith(grant.agency.path))
        for grant in grants(user)
    )


@transaction.atomic
def urge(*, actor: audit.Actor, application: Application, note: str, on: dt.date) -> int:
    """Record the 催办 and tell the handlers; returns how many were e-mailed."""
    from gongkai_web.cases.reminders import recipients

    application = locked(application)
    if actor.user is not None and not may_urge(actor.user, application):
        raise NotPermitted("催办须由本机关分管领导或上级政务公开办办理")
    if not application.case_state.is_open:
        raise CaseError(f"申请已{application.state_label}，无需催办")
    note = note.strip()
    if not note:
        raise CaseError("请写明催办意见（例如要求的办结时间）")
    _event(actor, application, "urge", application.state, on, note)
    people = recipients(application)
    mailed = [person.email for person in people if person.email]
    audit.record(
        actor=actor, action="case.urged", obj=application, agency=application.agency,
        changes={"note": note, "to": [person.get_username() for person in people]},
    )  # fmt: skip
    if mailed:
        subject = f"[催办] 政府信息公开申请 {application.tracking_number}"
        text = f"{application.tracking_number}（{application.applicant_name}）：{note}"
        transaction.on_commit(lambda: send_mail(subject, text, None, mailed))
    return len(mailed)
