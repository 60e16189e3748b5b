"""TOTP second factor: enrol with a code, then every login asks for one."""

from __future__ import annotations

import re
import time
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from gongkai.passwords import totp
from gongkai_web.accounts.models import Profile
from gongkai_web.organizations.tests.cast import PASSWORD, Cast


def enrol(client: Client) -> str:
    page = client.get(reverse("totp_enrol")).content.decode()
    secret = re.search(r'<code class="secret">([A-Z2-7 ]+)</code>', page)
    assert secret is not None
    plain = secret.group(1).replace(" ", "")
    response = client.post(reverse("totp_enrol"), {"code": totp(plain, unix_time=time.time())})
    assert response.status_code == 302
    return plain


def test_it_enables_totp_with_a_correct_code(cast: Cast, login_as: Callable[[str], Client]) -> None:
    enrol(login_as("jiaoyu_clerk"))
    profile = Profile.objects.get(user=cast.user("jiaoyu_clerk"))
    assert profile.totp_enabled


def test_it_refuses_a_wrong_enrolment_code(cast: Cast, login_as: Callable[[str], Client]) -> None:
    client = login_as("jiaoyu_clerk")
    client.get(reverse("totp_enrol"))
    page = client.post(reverse("totp_enrol"), {"code": "000000"}).content.decode()
    assert "动态口令不正确" in page
    assert not Profile.objects.get(user=cast.user("jiaoyu_clerk")).totp_enabled


def test_it_asks_for_the_code_after_the_password(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    secret = enrol(login_as("jiaoyu_clerk"))
    client = Client()
    response = client.post(reverse("login"), {"username": "jiaoyu_clerk", "password": PASSWORD})
    assert response["Location"] == reverse("totp_verify")
    assert "_auth_user_id" not in client.session
    bad = client.post(reverse("totp_verify"), {"code": "123456"})
    assert "动态口令不正确或已使用过" in bad.content.decode()
    # The enrolment used the current step, so the next step's code is the first unused one.
    code = totp(secret, unix_time=time.time() + 30)
    response = client.post(reverse("totp_verify"), {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(cast.user("jiaoyu_clerk").pk)


def test_it_keeps_the_secret_encrypted_at_rest(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    from django.db import connection

    secret = enrol(login_as("jiaoyu_clerk"))
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT totp_secret FROM accounts_profile WHERE user_id = %s",
            [cast.user("jiaoyu_clerk").pk],
        )
        (raw,) = cursor.fetchone()
    assert secret not in raw and raw.startswith("SM4GCM$")


def test_it_draws_the_qr_code_on_the_server(login_as: Callable[[str], Client]) -> None:
    page = login_as("jiaoyu_clerk").get(reverse("totp_enrol")).content.decode()
    assert '<svg width="' in page and 'class="segno"' in page


def test_switching_totp_off_asks_for_the_password_again(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    client = login_as("jiaoyu_clerk")
    enrol(client)
    refused = client.post(reverse("totp_disable"), {"password": "wrong"}, follow=True)
    assert "登录密码不正确，动态口令未停用" in refused.content.decode()
    assert client.post(reverse("totp_disable")).status_code == 302
    assert Profile.objects.get(user=cast.user("jiaoyu_clerk")).totp_enabled
    client.post(reverse("totp_disable"), {"password": PASSWORD})
    assert not Profile.objects.get(user=cast.user("jiaoyu_clerk")).totp_enabled
