"""No English Django page in any mode a user sees: 403, 404, 500, the CSRF failure, 413."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client, RequestFactory, override_settings
from django.urls import reverse
from django.views import defaults


def _chinese(html: str, title: str) -> None:
    assert title in html
    assert 'lang="zh-Hans"' in html
    for english in ("Not Found", "Forbidden", "Server Error", "CSRF verification failed"):
        assert english not in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_page_is_chinese(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client().get("/no-such-page/")
    assert response.status_code == 404
    _chinese(response.content.decode(), "页面不存在（404）")


@pytest.mark.parametrize("debug", [False, True])
def test_a_missing_record_is_chinese(login_as: Callable[[str], Client], debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = login_as("sysadmin").get(
            reverse("accounts:user_detail", kwargs={"user_id": 999999})
        )
    assert response.status_code == 404
    _chinese(response.content.decode(), "页面不存在（404）")


@pytest.mark.parametrize("debug", [False, True])
def test_a_refusal_is_chinese_and_says_why(login_as: Callable[[str], Client], debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = login_as("auditor").get(reverse("accounts:user_list"))
    assert response.status_code == 403
    html = response.content.decode()
    _chinese(html, "无权访问（403）")
    assert "您的角色无权访问此页面" in html


@pytest.mark.django_db
@pytest.mark.parametrize("debug", [False, True])
def test_a_csrf_failure_is_chinese(debug: bool) -> None:
    with override_settings(DEBUG=debug):
        response = Client(enforce_csrf_checks=True).post(
            reverse("login"), {"username": "x", "password": "y"}
        )
    assert response.status_code == 403
    _chinese(response.content.decode(), "提交未被接受（403）")


def test_a_server_error_is_chinese() -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    _chinese(response.content.decode(), "服务器出错（500）")


def test_a_bad_request_is_chinese() -> None:
    response = defaults.bad_request(RequestFactory().get("/"), Exception("bad"))
    assert response.status_code == 400
    _chinese(response.content.decode(), "请求有误（400）")
