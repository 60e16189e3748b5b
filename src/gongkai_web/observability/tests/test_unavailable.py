"""When the database, the cache or the task queue cannot be reached, a user gets a Chinese 503
page with Retry-After and the request id to quote, never Django's English 「Server Error」."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable

import pytest
from django.db import InterfaceError, OperationalError, connections
from django.test import Client, RequestFactory, override_settings
from redis.exceptions import ConnectionError as RedisConnectionError

from gongkai_web.observability import errors

ENGLISH = ("Server Error", "Service Unavailable", "Internal", "Error (500)")


def _chinese_503(response) -> str:
    assert response.status_code == 503
    html: str = response.content.decode()
    assert "系统暂时不可用（503）" in html
    assert 'lang="zh-Hans"' in html
    for english in ENGLISH:
        assert english not in html
    assert response["Retry-After"] == "10"
    assert response["X-Request-ID"] in html  # the id the user can quote
    return html


@pytest.fixture
def database_down(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse() -> None:
        raise OperationalError("connection refused (the server is restarting)")

    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)


@pytest.mark.django_db
def test_it_answers_503_in_chinese_when_a_view_cannot_reach_the_database(
    database_down: None,
) -> None:
    response = Client(raise_request_exception=False).get(
        "/gk/", HTTP_X_REQUEST_ID="nginx-0123456789abcdef"
    )
    html = _chinese_503(response)
    assert "nginx-0123456789abcdef" in html


@pytest.mark.django_db
def test_it_answers_503_when_the_session_cannot_be_read(
    login_as: Callable[[str], Client], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = login_as("jiaoyu_clerk")
    client.raise_request_exception = False

    def refuse() -> None:
        raise InterfaceError("connection already closed")

    # The idle-timeout middleware reads the session before any view runs: handler500's turn.
    monkeypatch.setattr(connections["default"], "ensure_connection", refuse)
    _chinese_503(client.get("/desk/"))


@pytest.mark.django_db
def test_it_answers_503_with_debug_on_too(database_down: None) -> None:
    with override_settings(DEBUG=True):
        _chinese_503(Client(raise_request_exception=False).get("/gk/"))


@pytest.mark.django_db
@override_settings(
    CACHES={
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
)
def test_it_keeps_tracking_when_the_cache_cannot_be_reached() -> None:
    # Tracking counts the attempt in the cache (the rate limit); with the cache down the count
    # goes on in the worker's memory (cases.ratelimit, docs/decisions/faults-survived.md), so
    # the applicant gets an answer, not the 503 page.
    response = Client(raise_request_exception=False).post(
        "/track/", {"tracking_number": "GK20260101000001", "phone": "13800000000"}
    )
    assert response.status_code == 200
    assert "没有找到与查询码和联系电话相符的申请" in response.content.decode()


def test_it_answers_503_when_a_cache_failure_reaches_a_view() -> None:
    request = RequestFactory().get("/gk/")
    request.request_id = "cache-down-0001"  # type: ignore[attr-defined]
    failure = RedisConnectionError("Error 111 connecting to 127.0.0.1:1. Connection refused.")
    response = errors.ServiceUnavailableMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type,return-value]
        request, failure
    )
    assert response is not None
    html = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"] == "10"
    assert "系统暂时不可用（503）" in html and "cache-down-0001" in html


def test_it_answers_503_when_the_queue_cannot_be_reached() -> None:
    request = RequestFactory().get("/apply/")
    request.request_id = "queue-down-0001"  # type: ignore[attr-defined]
    failure = RedisConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")
    response = errors.ServiceUnavailableMiddleware(lambda r: None).process_exception(  # type: ignore[arg-type,return-value]
        request, failure
    )
    assert response is not None
    assert response.status_code == 503
    assert "queue-down-0001" in response.content.decode()


def test_it_recognises_a_failure_raised_from_an_unavailable_dependency() -> None:
    try:
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("could not queue the receipt") from exc
    except RuntimeError as wrapped:
        assert errors.is_unavailable(wrapped)
    assert not errors.is_unavailable(ValueError("a bug"))


def test_it_renders_the_page_without_touching_the_database() -> None:
    # No django_db mark: pytest-django makes any database access here raise.
    request = RequestFactory().get("/")
    request.request_id = "no-query-0001"  # type: ignore[attr-defined]
    response = errors.unavailable_response(request)
    assert response.status_code == 503
    assert "no-query-0001" in response.content.decode()


def test_an_api_client_gets_json() -> None:
    request = RequestFactory().post("/api/v1/applications")
    request.request_id = "api-0001-0002"  # type: ignore[attr-defined]
    response = errors.unavailable_response(request)
    assert response.status_code == 503
    assert response["Content-Type"] == "application/json"
    body = json.loads(response.content)
    assert body["request_id"] == "api-0001-0002"
    assert "暂不可用" in body["error"]


def test_any_other_error_gets_the_chinese_500_page_with_the_request_id() -> None:
    request = RequestFactory().get("/")
    request.request_id = "bug-0001-0002"  # type: ignore[attr-defined]
    try:
        raise ValueError("a bug")
    except ValueError:
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "服务器出错（500）" in html
    assert "bug-0001-0002" in html


def test_it_falls_back_to_a_bare_chinese_page_when_the_template_fails(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def broken(name: str):  # the static files manifest missing, say
        raise ValueError(f"Missing staticfiles manifest entry for {name}")

    monkeypatch.setattr("django.template.loader.get_template", broken)
    response = errors.unavailable_response(RequestFactory().get("/"))
    html = response.content.decode()
    assert response.status_code == 503
    assert "系统暂时不可用（503）" in html
    for english in ENGLISH:
        assert english not in html


REAL_OUTAGE = """
import django
django.setup()
from django.test import Client
response = Client(raise_request_exception=False).get("/gk/")
print(response.status_code, response["Retry-After"])
print(response.content.decode())
"""


@pytest.mark.slow
def test_it_answers_503_when_postgresql_is_not_listening(tmp_path) -> None:
    # A real connection attempt to a closed port, with DEBUG off as in production.
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("REDIS", "CACHE", "HUEY", "GONGKAI", "DATABASE", "DEBUG"))
    }
    env.update(
        GONGKAI_ENV="test",
        DEBUG="0",
        SECRET_KEY="x" * 60,
        GONGKAI_FIELD_KEY="1:" + "ab" * 16,
        GONGKAI_VAR_DIR=str(tmp_path),
        DATABASE_URL="postgres://gongkai@127.0.0.1:1/gongkai",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="0",
    )
    run = subprocess.run(
        [sys.executable, "-c", REAL_OUTAGE], env=env, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    first, _, html = run.stdout.partition("\n")
    assert first == "503 10"
    assert "系统暂时不可用（503）" in html
    for english in ENGLISH:
        assert english not in html
    assert "dependency unavailable, answered 503: OperationalError" in run.stderr


@pytest.mark.django_db
def test_the_other_error_pages_show_the_request_id_too() -> None:
    response = Client().get("/no-such-page/", HTTP_X_REQUEST_ID="nginx-404-0123456789")
    assert response.status_code == 404
    assert "请求编号：<code>nginx-404-0123456789</code>" in response.content.decode()
