"""Applications taken where a test needs them through the services the staff's actions call:
no state is written by hand (tests/web/test_state_writes.py scans the source for that)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.models import User

from gongkai.cases.grounds import Ground
from gongkai.cases.outcomes import Disposition, disposition_for_row
from gongkai_web.accounts import services as accounts
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.demo import DEMO_PASSWORD
from gongkai_web.organizations.models import Agency, Role, RoleGrant

COURT = "新华区人民法院"
REPLY_ROLES = (Role.CLERK, Role.REVIEWER, Role.LEADER)


def staff(agency: Agency) -> dict[str, Actor]:
    """A clerk, a reviewer and a leader of ``agency``: its own people where it has them, else
    accounts made and granted the role through the services, as the security admin would."""
    found: dict[str, Actor] = {}
    for role in REPLY_ROLES:
        grant = (
            RoleGrant.objects.filter(agency=agency, role=role, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        user: User
        if grant is not None:
            user = grant.user
        else:
            user = accounts.create_account(
                actor=SYSTEM,
                username=f"test_{role}_{agency.pk}",
                full_name=f"{Role(role).label}（{agency.short_name or agency.name}）",
                agency=agency,
                password=DEMO_PASSWORD,
                must_change_password=False,
            )
            organizations.grant_role(actor=SYSTEM, user=user, agency=agency, role=role)
        found[role] = Actor(user, role, agency)
    return found


def replied(application: Application, *, on: dt.date, row: str) -> Application:
    """Replied on ``on`` with the usual disposition of table 三's ``row``: assigned to and
    signed for by the agency's clerk on the day it was received, the reply drafted, reviewed and
    signed on ``on`` by three different people."""
    agency = application.agency
    people = staff(agency)
    # A reply that may go to court names the court, which only the settings can say.
    CaseSettings.objects.get_or_create(
        agency=agency, defaults={"letter_prefix": "测公", "court": COURT}
    )
    clerk, reviewer, leader = (people[role] for role in REPLY_ROLES)
    received = application.received_on
    services.assign(actor=clerk, application=application, unit=agency, handler=clerk.user,
                    on=received, today=received)  # fmt: skip
    services.sign_for(actor=clerk, application=fresh(application), on=received, today=received)
    disposition = disposition_for_row(row)
    rule = disposition.rule
    services.submit_draft(
        actor=clerk,
        application=fresh(application),
        on=on,
        today=on,
        disposition=disposition.value,
        reason="涉及第三方合法权益" if rule.withholds or rule.needs_reason else "",
        withheld=[("联系人电话", Ground.PRIVACY.value)]
        if disposition is Disposition.PARTIAL
        else (),
    )
    services.review(actor=reviewer, application=fresh(application), on=on, today=on, approve=True)
    services.sign(actor=leader, application=fresh(application), on=on, today=on)
    return fresh(application)


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)
