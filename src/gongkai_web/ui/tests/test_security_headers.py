"""Lower findings of the security review: CSP, the client's address behind a proxy."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory, override_settings

from gongkai_web.audit.services import client_address


@pytest.mark.django_db
def test_every_page_carries_a_content_security_policy(login_as: Callable[[str], Client]) -> None:
    for client, url in (
        (Client(), "/"),
        (Client(), "/no-such-page/"),
        (login_as("sysadmin"), "/admin/"),
    ):
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "object-src 'none'" in policy
        assert "frame-ancestors 'none'" in policy


@override_settings(GONGKAI_TRUST_X_FORWARDED_FOR=True, GONGKAI_PROXY_HOPS=1)
def test_it_takes_the_address_the_trusted_proxy_appended_not_the_clients_claim() -> None:
    # The client sends "X-Forwarded-For: 1.2.3.4"; nginx appends the address it saw.
    request = RequestFactory().get(
        "/", HTTP_X_FORWARDED_FOR="1.2.3.4, 10.20.30.40", REMOTE_ADDR="127.0.0.1"
    )
    assert client_address(request) == "10.20.30.40"
    with override_settings(GONGKAI_PROXY_HOPS=2):
        chain = "6.6.6.6, 10.1.1.1, 10.2.2.2"
        request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR=chain)
        assert client_address(request) == "10.1.1.1"
        short = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="10.2.2.2", REMOTE_ADDR="10.9.9.9")
        assert client_address(short) == "10.9.9.9"


def test_it_ignores_the_header_unless_told_to_trust_it() -> None:
    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4", REMOTE_ADDR="10.0.0.5")
    assert client_address(request) == "10.0.0.5"
