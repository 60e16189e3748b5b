"""The 三员 × 三员 permission matrix: what each administrator may do to each administrator
account (its own included), over HTTP. "yes" means the action takes effect, "no" that it is
refused and nothing changes."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai_web.organizations.models import Role, RoleGrant
from gongkai_web.organizations.tests.cast import Cast

OPERATORS = ("sysadmin", "secadmin", "auditor")
NEW_PASSWORD = "Matrix#2026xy"


def reset_password(client: Client, cast: Cast, target: str) -> bool:
    client.post(
        reverse("accounts:user_reset_password", kwargs={"user_id": cast.user(target).pk}),
        {"password1": NEW_PASSWORD},
    )
    return Client().login(username=target, password=NEW_PASSWORD)


def admin_password(client: Client, cast: Cast, target: str) -> bool:
    client.post(
        reverse("admin:auth_user_password_change", args=[cast.user(target).pk]),
        {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"},
    )
    return Client().login(username=target, password=NEW_PASSWORD)


def admin_deactivate(client: Client, cast: Cast, target: str) -> bool:
    account = cast.user(target)
    client.post(
        reverse("admin:auth_user_change", args=[account.pk]),
        {"username": account.username, "first_name": account.first_name, "is_active": ""},
    )
    return not User.objects.get(pk=account.pk).is_active


def grant_business_role(client: Client, cast: Cast, target: str) -> bool:
    client.post(
        reverse("accounts:role_grants"),
        {
            "user": cast.user(target).pk,
            "agency": cast.agency("新华区教育局").pk,
            "role": Role.CLERK,
        },
    )
    return RoleGrant.objects.filter(user=cast.user(target), role=Role.CLERK).exists()


def revoke_operator_role(client: Client, cast: Cast, target: str) -> bool:
    grant = RoleGrant.objects.get(user=cast.user(target))
    client.post(reverse("accounts:role_revoke", kwargs={"grant_id": grant.pk}))
    return not RoleGrant.objects.filter(pk=grant.pk).exists()


def read_audit_log(client: Client, cast: Cast, target: str) -> bool:
    # The target does not matter: only the auditor reads the log.
    return client.get(reverse("audit:log")).status_code == 200


ACTIONS: dict[str, Callable[[Client, Cast, str], bool]] = {
    "reset_password": reset_password,
    "admin_password": admin_password,
    "admin_deactivate": admin_deactivate,
    "grant_business_role": grant_business_role,
    "revoke_operator_role": revoke_operator_role,
    "read_audit_log": read_audit_log,
}

# actor → action → what happens for target sysadmin, secadmin, auditor
MATRIX: dict[str, dict[str, tuple[bool, bool, bool]]] = {
    "sysadmin": {
        # its own password it changes at /accounts/password_change/ (and may reset here)
        "reset_password": (True, False, False),
        "admin_password": (False, False, False),
        "admin_deactivate": (False, False, False),
        "grant_business_role": (False, False, False),
        "revoke_operator_role": (False, False, False),
        "read_audit_log": (False, False, False),
    },
    "secadmin": {
        "reset_password": (False, False, False),
        "admin_password": (False, False, False),
        "admin_deactivate": (False, False, False),
        "grant_business_role": (False, False, False),
        "revoke_operator_role": (False, False, False),
        "read_audit_log": (False, False, False),
    },
    "auditor": {
        "reset_password": (False, False, False),
        "admin_password": (False, False, False),
        "admin_deactivate": (False, False, False),
        "grant_business_role": (False, False, False),
        "revoke_operator_role": (False, False, False),
        "read_audit_log": (True, True, True),
    },
}

CELLS = [
    (actor, action, target, MATRIX[actor][action][index])
    for actor in OPERATORS
    for action in ACTIONS
    for index, target in enumerate(OPERATORS)
]


@pytest.mark.parametrize(("actor", "action", "target", "expected"), CELLS)
def test_it_keeps_the_three_administrators_apart(
    cast: Cast,
    login_as: Callable[[str], Client],
    actor: str,
    action: str,
    target: str,
    expected: bool,
) -> None:
    assert ACTIONS[action](login_as(actor), cast, target) is expected


def test_the_matrix_covers_every_administrator_and_action() -> None:
    assert set(MATRIX) == set(OPERATORS)
    assert all(set(row) == set(ACTIONS) for row in MATRIX.values())
