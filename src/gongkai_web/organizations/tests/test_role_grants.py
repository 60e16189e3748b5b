"""三员分立: no account holds two of the three administrator roles."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from gongkai_web.audit.services import SYSTEM
from gongkai_web.organizations import services
from gongkai_web.organizations.models import Role, RoleGrant
from gongkai_web.organizations.permissions import can_edit, can_view
from gongkai_web.organizations.tests.cast import Cast


def test_it_refuses_a_second_administrator_role(cast: Cast) -> None:
    with pytest.raises(services.RoleConflict) as caught:
        services.grant_role(
            actor=SYSTEM,
            user=cast.user("sysadmin"),
            agency=cast.agency("新华区人民政府"),
            role=Role.AUDITOR,
        )
    assert caught.value.message_dict["role"] == [
        "该账号已是系统管理员，三员分立要求系统管理员、安全管理员、审计管理员由不同账号担任，"
        "不能再授予审计管理员"
    ]


def test_the_database_refuses_it_too(cast: Cast) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleGrant.objects.create(
            user=cast.user("auditor"),
            agency=cast.agency("新华区教育局"),
            role=Role.SECADMIN,
            granted_at=timezone.now(),
        )


def test_the_security_administrator_sees_the_refusal_in_the_form(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    page = login_as("secadmin").post(
        reverse("accounts:role_grants"),
        {
            "user": cast.user("auditor").pk,
            "agency": cast.agency("新华区人民政府").pk,
            "role": Role.SYSADMIN,
        },
    )
    # The form offers business roles and non-三员 accounts only; the service refuses the rest.
    text = page.content.decode()
    assert "请选择一个业务账号：三员账号不能担任业务角色" in text
    assert "只能授予业务角色；三员角色只能在服务器上设立" in text


def test_a_granted_role_takes_effect_and_a_revoked_one_ends(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    clerk, finance = cast.user("jiaoyu_clerk"), cast.agency("新华区财政局")
    assert not can_view(clerk, finance)
    client = login_as("secadmin")
    client.post(
        reverse("accounts:role_grants"),
        {"user": clerk.pk, "agency": finance.pk, "role": Role.CLERK},
    )
    assert can_edit(User.objects.get(pk=clerk.pk), finance)
    grant = RoleGrant.objects.get(user=clerk, agency=finance)
    client.post(reverse("accounts:role_revoke", kwargs={"grant_id": grant.pk}))
    assert not can_view(User.objects.get(pk=clerk.pk), finance)
