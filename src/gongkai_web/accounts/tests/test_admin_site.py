"""Django's admin: the system administrator only, without the audit log, and audited."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations.tests.cast import Cast


def test_the_audit_log_and_role_grants_are_not_in_the_admin(
    login_as: Callable[[str], Client],
) -> None:
    client = login_as("sysadmin")
    assert client.get("/admin/audit/auditentry/").status_code == 404
    assert client.get("/admin/organizations/rolegrant/").status_code == 404
    assert client.get("/admin/auth/user/").status_code == 200


def test_a_change_made_in_the_admin_enters_the_audit_chain(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    clerk = cast.user("jiaoyu_clerk")
    url = reverse("admin:auth_user_change", args=[clerk.pk])
    client = login_as("sysadmin")
    form = client.get(url).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and k != "password"}
    data |= {
        "first_name": "王登记（改）",
        "date_joined_0": clerk.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": clerk.date_joined.strftime("%H:%M:%S"),
        "groups": [],
        "user_permissions": [],
    }
    data.pop("date_joined", None)
    data.pop("last_login", None)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = AuditEntry.objects.filter(action="admin.changed").get()
    assert (entry.actor_name, entry.object_type, entry.object_id) == (
        "sysadmin",
        "auth.user",
        str(clerk.pk),
    )
