"""The public form with its shared cache (Redis) unreachable: it still files and acknowledges
applications, and its rate limit still holds, counted in the worker's own memory."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache.backends.base import BaseCache
from django.test import Client
from django.urls import reverse

from gongkai_web.cases import captcha, ratelimit
from gongkai_web.cases.models import Application
from gongkai_web.cases.tests.test_pages_and_api import apply_payload
from gongkai_web.organizations.tests.cast import Cast

pytestmark = pytest.mark.django_db


class UnreachableCache(BaseCache):
    """Every call fails as RedisCache's does when nothing answers on its port."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)

    def _fail(self, *args: object, **kwargs: object) -> Any:
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6399. Connection refused.")

    add = get = set = touch = delete = incr = clear = has_key = _fail


@pytest.fixture(autouse=True)
def unreachable_cache(settings, frozen_clock, monkeypatch: pytest.MonkeyPatch) -> None:
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.UnreachableCache"}}
    frozen_clock.set(dt.date(2025, 3, 3))
    ratelimit._LOCAL.clear()


def test_it_files_and_acknowledges_an_application(cast: Cast) -> None:
    client = Client()
    client.get(reverse("cases:captcha"))
    answer = client.session[captcha.SESSION_KEY]
    response = client.post(
        reverse("cases:apply"), apply_payload(cast.agency("新华区教育局").pk, answer)
    )
    application = Application.objects.get()
    assert response.url == reverse("cases:submitted", args=[application.tracking_number])  # type: ignore[attr-defined]
    assert client.get(response.url).status_code == 200  # type: ignore[attr-defined]


def test_it_still_limits_submissions_per_address(cast: Cast, settings) -> None:
    settings.GONGKAI_APPLY_LIMIT = 2
    client = Client(REMOTE_ADDR="10.9.9.8")
    payload = apply_payload(cast.agency("新华区教育局").pk, "X")
    codes = [client.post(reverse("cases:apply"), payload).status_code for _ in range(3)]
    assert codes == [200, 200, 429]
    assert not Application.objects.exists()


def test_it_still_answers_the_status_lookup(cast: Cast) -> None:
    response = Client().post(reverse("cases:track"), {"tracking_number": "GK1", "phone": "1"})
    assert "没有找到" in response.content.decode()
