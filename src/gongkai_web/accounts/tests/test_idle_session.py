"""A session ends after 30 minutes without a request."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from gongkai_web.accounts.middleware import LAST_SEEN


def backdate(client: Client, seconds: float) -> None:
    session = client.session
    session[LAST_SEEN] = time.time() - seconds
    session.save()


def test_it_keeps_a_session_used_within_thirty_minutes(
    login_as: Callable[[str], Client],
) -> None:
    client = login_as("jiaoyu_clerk")
    client.get(reverse("organizations:agency_list"))
    backdate(client, 29 * 60)
    assert client.get(reverse("organizations:agency_list")).status_code == 200


def test_it_logs_out_after_thirty_idle_minutes_and_says_why(
    login_as: Callable[[str], Client],
) -> None:
    client = login_as("jiaoyu_clerk")
    client.get(reverse("organizations:agency_list"))
    backdate(client, 30 * 60 + 1)
    response = client.get(reverse("organizations:agency_list"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "_auth_user_id" not in client.session
    assert "您已超过 30 分钟未操作，已自动退出" in response.content.decode()


def test_it_tells_htmx_to_navigate_to_the_login_page(login_as: Callable[[str], Client]) -> None:
    client = login_as("jiaoyu_clerk")
    client.get(reverse("organizations:agency_list"))
    backdate(client, 31 * 60)
    response = client.get(reverse("organizations:agency_list"), HTTP_HX_REQUEST="true")
    assert response["HX-Redirect"].startswith(reverse("login"))
