"""The same person sending the same request again within minutes is shown the tracking number
they already have and asked to confirm; other people are never matched, nothing is merged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web import clock
from gongkai_web.cases import captcha, resubmission
from gongkai_web.cases.models import Application

from .conftest import person
from .test_pages_and_api import apply_payload

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def march(frozen_clock, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(dt.date(2025, 3, 3))


def send(client: Client, agency: int, **changes: str):  # type: ignore[no-untyped-def]
    client.get(reverse("cases:captcha"))
    payload = apply_payload(agency, client.session[captcha.SESSION_KEY]) | changes
    return client.post(reverse("cases:apply"), payload)


def test_it_shows_the_earlier_tracking_number_and_files_only_once_confirmed(cast) -> None:
    bureau = cast.agency("新华区教育局").pk
    client = Client()
    send(client, bureau)
    first = Application.objects.get()
    again = send(client, bureau, description=" 本局2024年部门预算。")
    html = again.content.decode()
    assert again.status_code == 200
    assert first.tracking_number in html and 'id="resubmission"' in html
    assert Application.objects.count() == 1
    confirmed = send(client, bureau, confirm_resubmit=first.tracking_number)
    assert confirmed.status_code == 302
    assert Application.objects.count() == 2


def test_it_never_matches_another_applicant_with_the_same_request(cast) -> None:
    bureau = cast.agency("新华区教育局").pk
    send(Client(), bureau)
    other = send(Client(), bureau, id_number="110105194912310046", name="王五")
    assert other.status_code == 302
    assert Application.objects.count() == 2
    assert len({a.applicant_key for a in Application.objects.all()}) == 2


def test_it_lets_a_different_request_or_a_later_one_through(cast, submit, settings) -> None:
    earlier = submit()
    agency = earlier.agency
    now = clock.now()
    same = person()
    assert resubmission.earlier_submission(agency=agency, applicant=same, now=now) == earlier
    different = person(description="2025年学校食堂经费使用情况")
    assert resubmission.earlier_submission(agency=agency, applicant=different, now=now) is None
    later = now + dt.timedelta(minutes=resubmission.minutes() + 1)
    assert resubmission.earlier_submission(agency=agency, applicant=same, now=later) is None
    other_agency = cast.agency("新华区财政局")
    assert resubmission.earlier_submission(agency=other_agency, applicant=same, now=now) is None
