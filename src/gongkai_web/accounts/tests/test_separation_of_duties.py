"""三员分立 against the operators themselves: each attack of the security review, replayed.

The security administrator must not give itself (or another 三员 account) a business role;
the system administrator must not take over the security administrator or the auditor by
resetting, unlocking or editing their accounts; Django's admin must not change business data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from gongkai.cases.counting import ReviewKind
from gongkai_web.accounts.models import Profile
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.cases.models import ReviewCase
from gongkai_web.organizations import services
from gongkai_web.organizations.models import BUSINESS_ROLES, Role, RoleGrant
from gongkai_web.organizations.permissions import can_view
from gongkai_web.organizations.tests.cast import PASSWORD, Cast

OPERATORS = ("sysadmin", "secadmin", "auditor")
NEW_PASSWORD = "Takeover#2026x"


def _can_log_in(username: str, password: str) -> bool:
    return Client().login(username=username, password=password)


def test_it_refuses_the_security_administrator_a_business_role_for_itself(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    secadmin = cast.user("secadmin")
    for agency, role in (("新华区教育局", Role.CLERK), ("新华区人民政府", Role.SUPERVISOR)):
        page = login_as("secadmin").post(
            reverse("accounts:role_grants"),
            {"user": secadmin.pk, "agency": cast.agency(agency).pk, "role": role},
        )
        assert page.status_code == 200
        assert "三员账号不能担任业务角色" in page.content.decode()
    assert set(RoleGrant.objects.filter(user=secadmin).values_list("role", flat=True)) == {
        Role.SECADMIN
    }
    assert not can_view(User.objects.get(pk=secadmin.pk), cast.agency("新华区教育局"))


@pytest.mark.parametrize("target", OPERATORS)
def test_it_refuses_any_business_role_to_a_sanyuan_account_whoever_asks(
    cast: Cast, target: str
) -> None:
    for actor in (Actor(user=cast.user("secadmin"), role=Role.SECADMIN), SYSTEM):
        with pytest.raises(services.RoleConflict) as caught:
            services.grant_role(
                actor=actor,
                user=cast.user(target),
                agency=cast.agency("新华区教育局"),
                role=Role.CLERK,
            )
        assert "三员" in " ".join(caught.value.messages)
    assert not RoleGrant.objects.filter(user=cast.user(target), role__in=BUSINESS_ROLES).exists()


def test_it_refuses_an_administrator_role_to_a_business_account(cast: Cast) -> None:
    with pytest.raises(services.RoleConflict) as caught:
        services.grant_role(
            actor=SYSTEM,
            user=cast.user("jiaoyu_clerk"),
            agency=cast.agency("新华区人民政府"),
            role=Role.AUDITOR,
        )
    assert caught.value.message_dict["role"] == [
        "该账号担任业务角色，三员账号不能兼任业务角色，不能授予审计管理员"
    ]


def test_it_refuses_an_administrator_role_granted_through_the_pages(cast: Cast) -> None:
    newcomer = User.objects.create_user("new_auditor")
    with pytest.raises(services.RoleConflict) as caught:
        services.grant_role(
            actor=Actor(user=cast.user("secadmin"), role=Role.SECADMIN),
            user=newcomer,
            agency=cast.agency("新华区人民政府"),
            role=Role.SYSADMIN,
        )
    assert "只能由服务器上的bootstrap_admins 或应急命令设立" in caught.value.messages[0]


@pytest.mark.parametrize("target", OPERATORS)
def test_it_refuses_the_security_administrator_revoking_a_sanyuan_role(
    cast: Cast, login_as: Callable[[str], Client], target: str
) -> None:
    grant = RoleGrant.objects.get(user=cast.user(target))
    response = login_as("secadmin").post(
        reverse("accounts:role_revoke", kwargs={"grant_id": grant.pk}), follow=True
    )
    assert "不能" in response.content.decode()
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_it_refuses_anyone_changing_their_own_business_role(cast: Cast) -> None:
    clerk = cast.user("jiaoyu_clerk")
    with pytest.raises(services.RoleConflict):
        services.grant_role(
            actor=Actor(user=clerk), user=clerk, agency=cast.agency("新华区财政局"), role="clerk"
        )
    grant = RoleGrant.objects.get(user=clerk)
    with pytest.raises(services.RoleConflict):
        services.revoke_role(actor=Actor(user=clerk), grant=grant)


@pytest.mark.parametrize("target", ("secadmin", "auditor"))
def test_it_refuses_the_system_administrator_resetting_another_operators_password(
    cast: Cast, login_as: Callable[[str], Client], target: str
) -> None:
    account = cast.user(target)
    response = login_as("sysadmin").post(
        reverse("accounts:user_reset_password", kwargs={"user_id": account.pk}),
        {"password1": NEW_PASSWORD},
        follow=True,
    )
    assert "凭据只能在服务器上用 breakglass_reset 命令重置" in response.content.decode()
    assert not _can_log_in(target, NEW_PASSWORD)
    assert _can_log_in(target, PASSWORD)
    assert not AuditEntry.objects.filter(action="account.password_reset").exists()


def test_the_system_administrator_still_resets_a_business_account(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    clerk = cast.user("jiaoyu_clerk")
    login_as("sysadmin").post(
        reverse("accounts:user_reset_password", kwargs={"user_id": clerk.pk}),
        {"password1": NEW_PASSWORD},
    )
    assert _can_log_in("jiaoyu_clerk", NEW_PASSWORD)


@pytest.mark.parametrize("target", ("secadmin", "auditor"))
def test_the_admin_shows_another_operators_account_read_only(
    cast: Cast, login_as: Callable[[str], Client], target: str
) -> None:
    account = cast.user(target)
    client = login_as("sysadmin")
    change = reverse("admin:auth_user_change", args=[account.pk])
    assert client.get(change).status_code == 200  # viewable
    attempt = {
        "username": "renamed",
        "is_active": "",
        "is_superuser": "on",
        "is_staff": "on",
        "first_name": account.first_name,
    }
    assert client.post(change, attempt).status_code == 403
    password = reverse("admin:auth_user_password_change", args=[account.pk])
    assert client.get(password).status_code == 403
    assert (
        client.post(password, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD}).status_code
        == 403
    )
    assert client.post(reverse("admin:auth_user_delete", args=[account.pk])).status_code == 403
    profile = Profile.objects.get(user=account)
    assert (
        client.post(
            reverse("admin:accounts_profile_change", args=[profile.pk]),
            {"must_change_password": ""},
        ).status_code
        == 403
    )
    account.refresh_from_db()
    assert (account.username, account.is_active, account.is_superuser) == (target, True, False)
    assert _can_log_in(target, PASSWORD)


def test_the_admin_never_edits_privileges_by_hand(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    clerk = cast.user("jiaoyu_clerk")
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    client = login_as("sysadmin")
    form = client.get(url).context["adminform"].form
    assert not {"is_superuser", "is_staff", "groups", "user_permissions"} & set(form.fields)
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data |= {"is_superuser": "on", "is_staff": "on", "is_active": "on"}
    data.pop("last_login", None)
    data.pop("date_joined", None)
    assert client.post(url, data).status_code == 302
    clerk.refresh_from_db()
    assert (clerk.is_superuser, clerk.is_staff) == (False, False)


def test_the_admin_shows_review_cases_read_only(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    case = ReviewCase.objects.create(
        agency=cast.agency("新华区教育局"),
        kind=ReviewKind.RECONSIDERATION.value,
        filed_on=dt.date(2024, 5, 6),
        case_number="新教复〔2024〕1号",
    )
    client = login_as("sysadmin")
    assert client.get(reverse("admin:cases_reviewcase_changelist")).status_code == 200
    assert client.get(reverse("admin:cases_reviewcase_change", args=[case.pk])).status_code == 200
    assert client.get(reverse("admin:cases_reviewcase_add")).status_code == 403
    change = reverse("admin:cases_reviewcase_change", args=[case.pk])
    assert client.post(change, {"case_number": "改"}).status_code == 403
    assert client.post(reverse("admin:cases_reviewcase_delete", args=[case.pk])).status_code == 403
    case.refresh_from_db()
    assert case.case_number == "新教复〔2024〕1号"


def test_the_break_glass_reset_is_audited_and_announced_to_all_three(cast: Cast) -> None:
    sysadmin = cast.user("sysadmin")
    Client().login(username="sysadmin", password=PASSWORD)  # a login before the reset
    with pytest.raises(CommandError, match="请用 --reason"):
        call_command("breakglass_reset", "auditor", "--reason", " ")
    with pytest.raises(CommandError, match="不是三员账号"):
        call_command("breakglass_reset", "jiaoyu_clerk", "--reason", "测试")
    call_command("breakglass_reset", "auditor", "--reason", "审计管理员离职")
    entry = AuditEntry.objects.get(action="account.breakglass_reset")
    assert entry.changes["reason"] == "审计管理员离职"
    assert entry.changes["username"] == "auditor"
    assert not _can_log_in("auditor", PASSWORD)
    assert Profile.objects.get(user=cast.user("auditor")).must_change_password
    for name in ("sysadmin", "secadmin"):
        page = Client().post(
            reverse("login"), {"username": name, "password": PASSWORD}, follow=True
        )
        assert "三员账号应急重置" in page.content.decode(), name
    clerk_page = Client().post(
        reverse("login"), {"username": "jiaoyu_clerk", "password": PASSWORD}, follow=True
    )
    assert "应急重置" not in clerk_page.content.decode()
    assert sysadmin.pk  # the cast is loaded


def test_the_account_page_offers_no_reset_for_another_operator(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    client = login_as("sysadmin")
    auditor = client.get(
        reverse("accounts:user_detail", kwargs={"user_id": cast.user("auditor").pk})
    )
    assert "breakglass_reset" in auditor.content.decode()
    assert "设置临时密码" not in auditor.content.decode()
    clerk = client.get(
        reverse("accounts:user_detail", kwargs={"user_id": cast.user("jiaoyu_clerk").pk})
    )
    assert "设置临时密码" in clerk.content.decode()
