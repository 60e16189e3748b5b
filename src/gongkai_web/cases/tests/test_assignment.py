"""Who handles a case: 分办, 退回, 转办 (the new unit signs for it), 改派 while it waits on others,
and an extension that survives a transfer without being granted twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai_web.accounts import services as accounts
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.cases import services
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import Application
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.tests.cast import PASSWORD

from .conftest import BUREAU, CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def audit_rows(application: Application, action: str) -> list[AuditEntry]:
    return list(
        AuditEntry.objects.filter(
            object_type="cases.application", object_id=str(application.pk), action=action
        )
    )


@pytest.fixture
def second_clerk(cast) -> User:  # type: ignore[no-untyped-def]
    user = accounts.create_account(
        actor=SYSTEM,
        username="jiaoyu_clerk2",
        full_name="陈承办",
        agency=cast.agency(BUREAU),
        password=PASSWORD,
        must_change_password=False,
    )
    organizations.grant_role(actor=SYSTEM, user=user, agency=cast.agency(BUREAU), role=Role.CLERK)
    return user


@pytest.fixture
def in_march(frozen_clock) -> None:
    frozen_clock.set(D(2025, 3, 12))


def in_progress(application, actors, cast) -> Application:  # type: ignore[no-untyped-def]
    on = D(2025, 3, 3)
    services.assign(
        actor=actors["clerk"],
        application=application,
        unit=cast.agency(BUREAU),
        handler=cast.user("jiaoyu_clerk"),
        on=on,
        today=on,
    )
    services.sign_for(actor=actors["clerk"], application=fresh(application), on=on, today=on)
    return fresh(application)


def post(client: Client, application: Application, name: str, **data: object) -> str:
    url = reverse("cases:act", args=[application.pk, name])
    response = client.post(url, {"on": "2025-03-12", **data}, follow=True)
    assert response.status_code == 200
    return response.content.decode()


# --- an extension is granted once, whoever handles the case ------------------------------------


def test_it_keeps_a_transferred_case_extended_and_refuses_a_second_extension(
    submit, actors, cast, second_clerk
) -> None:
    application = in_progress(submit(), actors, cast)
    leader = actors["leader"]
    services.extend(
        actor=leader,
        application=application,
        on=D(2025, 3, 4),
        today=D(2025, 3, 4),
        reason="需要调取档案",
        calendar=CALENDAR,
    )
    extended_due = dues(fresh(application), CALENDAR, D(2025, 3, 5)).due
    services.assign(
        actor=actors["clerk"],
        application=fresh(application),
        unit=cast.agency(BUREAU),
        handler=second_clerk,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
    )
    assert fresh(application).state == "assigned"
    services.sign_for(
        actor=Actor(second_clerk, "clerk", cast.agency(BUREAU)),
        application=fresh(application),
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
    )
    application = fresh(application)
    assert application.state == "extended"
    with pytest.raises(services.AlreadyExtended, match=r"2025-03-04 批准延期.*不能再次延期"):
        services.extend(
            actor=leader,
            application=application,
            on=D(2025, 3, 6),
            today=D(2025, 3, 6),
            reason="再延一次",
            calendar=CALENDAR,
        )
    application = fresh(application)
    assert (application.extended_on, application.extension_reason) == (
        D(2025, 3, 4),
        "需要调取档案",
    )
    assert application.letters.filter(kind="extension").count() == 1
    assert dues(application, CALENDAR, D(2025, 3, 6)).due == extended_due
    assert len(audit_rows(application, "case.extend")) == 1


# --- the pages: 分办, 退回, 转办, 改派 -----------------------------------------------------------


def test_it_assigns_and_takes_back_a_returned_case_from_the_page(
    submit, cast, login_as, in_march
) -> None:
    application = submit()
    clerk = login_as("jiaoyu_clerk")
    post(clerk, application, "assign", unit=cast.agency(BUREAU).pk, handler="")
    assert fresh(application).state == "assigned"
    assert "退回须说明理由" in post(clerk, application, "return", reason=" ")
    assert fresh(application).state == "assigned"

    post(clerk, application, "return", reason="不属于本单位职责")
    application = fresh(application)
    assert (application.state, application.handling_unit, application.handler) == (
        "registered",
        None,
        None,
    )
    (row,) = audit_rows(application, "case.return")
    assert row.changes["state"] == {"before": "assigned", "after": "registered"}
    assert application.events.filter(action="return", note="不属于本单位职责").exists()


def test_it_transfers_a_case_in_progress_to_be_signed_for_again(
    submit, actors, cast, login_as, second_clerk, in_march
) -> None:
    application = in_progress(submit(), actors, cast)
    page = login_as("jiaoyu_leader").get(reverse("cases:detail", args=[application.pk]))
    assert "<h3>转办</h3>" in page.content.decode()
    done = post(
        login_as("jiaoyu_leader"),
        application,
        "assign",
        unit=cast.agency(BUREAU).pk,
        handler=second_clerk.pk,
    )
    assert "已转办" in done
    application = fresh(application)
    assert (application.state, application.handler, application.signed_for) == (
        "assigned",
        second_clerk,
        False,
    )
    (row,) = audit_rows(application, "case.transfer")
    assert row.changes["state"] == {"before": "in_progress", "after": "assigned"}
    assert row.changes["previous"] == {"unit": BUREAU, "handler": "jiaoyu_clerk"}
    assert row.changes["handler"] == "jiaoyu_clerk2"

    # Only the new handler may sign for it now.
    post(login_as("jiaoyu_clerk"), application, "sign_for")
    assert fresh(application).state == "assigned"
    client = Client()
    client.force_login(second_clerk)
    post(client, application, "sign_for")
    assert fresh(application).state == "in_progress"


def test_it_reassigns_a_consulting_case_without_moving_it_or_its_clock(
    submit, actors, cast, login_as, second_clerk, in_march
) -> None:
    application = in_progress(submit(), actors, cast)
    services.start_consultation(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
        kind="third_party",
        party="某科技有限公司",
    )
    before = dues(fresh(application), CALENDAR, D(2025, 3, 12))
    leader = login_as("jiaoyu_leader")
    page = leader.get(reverse("cases:detail", args=[application.pk])).content.decode()
    assert "<h3>改派</h3>" in page and "不改变办理状态" in page
    done = post(leader, application, "assign", unit=cast.agency(BUREAU).pk, handler=second_clerk.pk)
    assert "已改派" in done
    application = fresh(application)
    assert (application.state, application.handler, application.signed_for) == (
        "consulting",
        second_clerk,
        True,
    )
    assert dues(application, CALENDAR, D(2025, 3, 12)) == before
    (row,) = audit_rows(application, "case.reassign")
    assert row.changes["state"] == {"before": "consulting", "after": "consulting"}
    assert row.changes["previous"]["handler"] == "jiaoyu_clerk"
    assert application.events.filter(action="reassign").count() == 1

    # The new handler carries on where the case stood: in progress, not back at the register.
    services.end_consultation(
        actor=Actor(second_clerk, "clerk", cast.agency(BUREAU)),
        application=application,
        on=D(2025, 3, 12),
        today=D(2025, 3, 12),
        opinion="同意公开",
    )
    assert fresh(application).state == "in_progress"


@pytest.mark.parametrize(
    "waiting", ["awaiting_correction", "awaiting_review", "awaiting_signature"]
)
def test_it_reassigns_a_case_waiting_on_others(submit, actors, cast, second_clerk, waiting) -> None:
    application = in_progress(submit(), actors, cast)
    on = D(2025, 3, 4)
    if waiting == "awaiting_correction":
        services.request_correction(
            actor=actors["clerk"],
            application=application,
            on=on,
            today=on,
            items="请写明学校名称",
            deadline=D(2025, 3, 20),
            calendar=CALENDAR,
        )
    else:
        services.submit_draft(
            actor=actors["clerk"], application=application, on=on, today=on, disposition="granted"
        )
        if waiting == "awaiting_signature":
            services.review(
                actor=actors["reviewer"],
                application=fresh(application),
                on=on,
                today=on,
                approve=True,
            )
    assert fresh(application).state == waiting
    services.assign(
        actor=actors["leader"],
        application=fresh(application),
        unit=cast.agency(BUREAU),
        handler=second_clerk,
        on=D(2025, 3, 5),
        today=D(2025, 3, 5),
    )
    application = fresh(application)
    assert (application.state, application.handler, application.signed_for) == (
        waiting,
        second_clerk,
        True,
    )
    assert len(audit_rows(application, "case.reassign")) == 1


def test_it_refuses_to_reassign_a_case_nobody_was_given(submit, actors, cast) -> None:
    application = submit()
    services.request_correction(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 4),
        today=D(2025, 3, 4),
        items="请写明学校名称",
        deadline=D(2025, 3, 20),
        calendar=CALENDAR,
    )
    with pytest.raises(services.CaseError, match="尚未分办"):
        services.assign(
            actor=actors["clerk"],
            application=fresh(application),
            unit=cast.agency(BUREAU),
            handler=None,
            on=D(2025, 3, 5),
            today=D(2025, 3, 5),
        )
    assert fresh(application).state == "awaiting_correction"
