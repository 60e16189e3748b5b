"""A form posted again (reloaded after an error, sent twice) never files a second application:
each drawn form carries a hidden key, unique among the applications it filed."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai_web.audit.services import Actor
from gongkai_web.cases import captcha, services
from gongkai_web.cases.models import Application
from gongkai_web.cases.tests.conftest import CALENDAR, person
from gongkai_web.cases.tests.test_pages_and_api import apply_payload
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast

pytestmark = pytest.mark.django_db

KEY = re.compile(r'name="submission_key" value="([^"]+)"')


@pytest.fixture(autouse=True)
def march(frozen_clock, monkeypatch: pytest.MonkeyPatch) -> None:
    frozen_clock.set(dt.date(2025, 3, 3))


def drawn_form(client: Client) -> str:
    """The key of a freshly drawn form, and a captcha answer in the session."""
    page = client.get(reverse("cases:apply")).content.decode()
    client.get(reverse("cases:captcha"))
    found = KEY.search(page)
    assert found is not None
    return found.group(1)


def post(client: Client, agency: int, key: str, **extra: str) -> str:
    answer = client.session.get(captcha.SESSION_KEY, "USED")
    response = client.post(
        reverse("cases:apply"), {**apply_payload(agency, answer), "submission_key": key, **extra}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return str(response.url)  # type: ignore[attr-defined]


def test_it_shows_the_first_submission_when_the_same_form_is_posted_again(cast: Cast) -> None:
    client = Client()
    bureau = cast.agency("新华区教育局").pk
    key = drawn_form(client)
    first = post(client, bureau, key)
    # The browser posts the same form again: its captcha was used up by the first post.
    again = post(client, bureau, key)
    application = Application.objects.get()
    assert first == again == reverse("cases:submitted", args=[application.tracking_number])
    assert client.get(again).status_code == 200
    assert application.submission_key == key


def test_it_files_each_drawn_form_once(cast: Cast) -> None:
    client = Client()
    bureau = cast.agency("新华区教育局").pk
    first = drawn_form(client)
    post(client, bureau, first)
    second = drawn_form(client)
    # The same person asking the same again within minutes confirms it is a new request
    # (cases.resubmission); the form then files it, under its own key.
    earlier = Application.objects.get().tracking_number
    post(client, bureau, second, confirm_resubmit=earlier)
    assert first != second
    assert Application.objects.count() == 2


def test_it_keeps_the_key_when_the_form_comes_back_with_an_error(cast: Cast) -> None:
    client = Client()
    bureau = cast.agency("新华区教育局").pk
    key = drawn_form(client)
    refused = client.post(
        reverse("cases:apply"), {**apply_payload(bureau, "WRONG"), "submission_key": key}
    )
    assert "验证码不正确" in refused.content.decode()
    assert f'value="{key}"' in refused.content.decode()
    client.get(reverse("cases:captcha"))
    post(client, bureau, key)
    assert Application.objects.get().submission_key == key


def test_it_files_a_post_without_a_usable_key_as_before(cast: Cast) -> None:
    client = Client()
    bureau = cast.agency("新华区教育局").pk
    drawn_form(client)
    post(client, bureau, "not a key!")
    assert Application.objects.get().submission_key == ""


def test_it_registers_once_when_the_clerk_posts_the_form_twice(cast: Cast, login_as) -> None:
    clerk = login_as("jiaoyu_clerk")
    page = clerk.get(reverse("cases:register")).content.decode()
    key = KEY.search(page).group(1)  # type: ignore[union-attr]
    payload = {
        **apply_payload(cast.agency("新华区教育局").pk, ""),
        "channel": "in_person",
        "received_on": "2025-03-03",
        "submission_key": key,
    }
    first = clerk.post(reverse("cases:register"), payload)
    second = clerk.post(reverse("cases:register"), payload, follow=True)
    application = Application.objects.get()
    assert first.url == reverse("cases:detail", args=[application.pk])
    assert "未重复提交" in second.content.decode()


def test_it_refuses_the_same_key_in_the_service(cast: Cast) -> None:
    bureau = cast.agency("新华区教育局")
    key = services.new_submission_key()
    first = receive(bureau, key)
    with pytest.raises(services.AlreadyFiled) as caught:
        receive(bureau, key)
    assert caught.value.application == first
    assert first.tracking_number in caught.value.message


def receive(agency: Agency, key: str) -> Application:
    return services.receive(
        actor=Actor(None, "public", None, "127.0.0.1"),
        agency=agency,
        applicant=person(),
        channel="online",
        received_on=dt.date(2025, 3, 3),
        today=dt.date(2025, 3, 3),
        calendar=CALENDAR,
        submission_key=key,
    )


@pytest.mark.django_db(transaction=True)
def test_it_files_once_when_two_posts_of_the_same_form_race(cast: Cast) -> None:
    if connection.vendor == "sqlite":
        pytest.skip("the in-memory test database locks whole tables; PostgreSQL runs this")
    bureau = cast.agency("新华区教育局")
    key = services.new_submission_key()
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def submit() -> None:
        try:
            start.wait()
            outcomes.append(receive(bureau, key).tracking_number)
        except services.AlreadyFiled as filed:
            outcomes.append(f"again {filed.application.tracking_number}")
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    application = Application.objects.get()
    assert sorted(outcomes) == sorted(
        [application.tracking_number, f"again {application.tracking_number}"]
    )
