"""A created account must change its initial password before doing anything else."""

from __future__ import annotations

from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai_web.accounts import services
from gongkai_web.audit.services import SYSTEM
from gongkai_web.organizations.tests.cast import Cast


def new_account(cast: Cast) -> User:
    from django.db import transaction

    with transaction.atomic():
        return services.create_account(
            actor=SYSTEM,
            username="newcomer",
            full_name="新同事",
            agency=cast.agency("新华区教育局"),
            password="Initial#2024",
        )


def test_it_sends_a_new_account_to_the_password_form(cast: Cast) -> None:
    new_account(cast)
    client = Client()
    client.post(reverse("login"), {"username": "newcomer", "password": "Initial#2024"})
    response = client.get(reverse("ui:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("password_change")


def test_it_lets_the_account_in_once_the_password_is_changed(cast: Cast) -> None:
    new_account(cast)
    client = Client()
    client.post(reverse("login"), {"username": "newcomer", "password": "Initial#2024"})
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "Initial#2024",
            "new_password1": "Changed#2025x",
            "new_password2": "Changed#2025x",
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("ui:home")).status_code == 200


def test_it_refuses_a_weak_new_password_in_chinese(cast: Cast) -> None:
    new_account(cast)
    client = Client()
    client.post(reverse("login"), {"username": "newcomer", "password": "Initial#2024"})
    page = client.post(
        reverse("password_change"),
        {"old_password": "Initial#2024", "new_password1": "abcdefgh", "new_password2": "abcdefgh"},
    ).content.decode()
    assert "现只有 1 类（小写字母）" in page
