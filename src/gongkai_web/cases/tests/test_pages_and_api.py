"""Who sees which case, the public form's guards, and the JSON API with its schema."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM
from gongkai_web.cases import api, captcha
from gongkai_web.cases.models import Application

pytestmark = pytest.mark.django_db


@pytest.fixture
def march(frozen_clock) -> None:
    frozen_clock.set(dt.date(2025, 3, 3))


def test_it_hides_a_case_from_a_clerk_of_another_agency(submit, login_as) -> None:
    application = submit()
    url = reverse("cases:detail", args=[application.pk])
    assert login_as("jiaoyu_clerk").get(url).status_code == 200
    assert login_as("caizheng_clerk").get(url).status_code == 404
    assert login_as("xinhua_supervisor").get(url).status_code == 200  # reads the agencies below


def test_it_refuses_an_action_by_a_clerk_of_another_agency(submit, login_as) -> None:
    application = submit()
    url = reverse("cases:act", args=[application.pk, "withdraw"])
    response = login_as("caizheng_clerk").post(url, {"reason": "x", "on": "2025-03-03"})
    assert response.status_code == 404
    assert Application.objects.get(pk=application.pk).state == "registered"


def test_it_keeps_the_administrators_out_of_the_case_list(login_as, cast) -> None:
    assert login_as("auditor").get(reverse("cases:index")).status_code == 403
    assert Client().get(reverse("cases:index")).status_code == 302


def test_it_keeps_the_supervision_list_for_leaders_and_supervisors(login_as, cast) -> None:
    assert login_as("jiaoyu_clerk").get(reverse("cases:supervision")).status_code == 403
    assert login_as("jiaoyu_leader").get(reverse("cases:supervision")).status_code == 200


def apply_payload(agency_pk: int, answer: str) -> dict[str, str]:
    return {
        "agency": str(agency_pk),
        "applicant_column": "natural_person",
        "name": "李四",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13900000000",
        "description": "本局2024年部门预算",
        "provision_form": "paper",
        "delivery": "collect",
        "captcha": answer,
    }


def test_it_accepts_the_public_form_only_with_the_right_captcha(cast, march) -> None:
    client = Client()
    bureau = cast.agency("新华区教育局")
    client.get(reverse("cases:captcha"))
    response = client.post(reverse("cases:apply"), apply_payload(bureau.pk, "WRONG"))
    assert "验证码不正确" in response.content.decode()
    assert not Application.objects.exists()

    image = client.get(reverse("cases:captcha"))
    assert image["Content-Type"] == "image/png" and image.content[:4] == b"\x89PNG"
    answer = client.session[captcha.SESSION_KEY]
    response = client.post(reverse("cases:apply"), apply_payload(bureau.pk, answer))
    application = Application.objects.get()
    assert response["Location"] == reverse("cases:submitted", args=[application.tracking_number])
    receipt = client.get(reverse("cases:receipt", args=[application.tracking_number]))
    assert receipt.status_code == 200
    # Someone else's browser cannot fetch the receipt by guessing the tracking number.
    other = Client().get(reverse("cases:receipt", args=[application.tracking_number]))
    assert other.status_code == 404


def test_it_limits_submissions_per_address(cast, march, settings) -> None:
    settings.GONGKAI_APPLY_LIMIT = 2
    client = Client(REMOTE_ADDR="10.9.9.9")
    payload = apply_payload(cast.agency("新华区教育局").pk, "X")
    codes = [client.post(reverse("cases:apply"), payload).status_code for _ in range(3)]
    assert codes == [200, 200, 429]


def test_it_shows_the_status_for_the_right_phone_only(submit) -> None:
    application = submit()
    url = reverse("cases:track")
    ok = Client().post(
        url, {"tracking_number": application.tracking_number, "phone": "13800138000"}
    )
    assert "已登记" in ok.content.decode()
    wrong = Client().post(url, {"tracking_number": application.tracking_number, "phone": "1"})
    assert "没有找到" in wrong.content.decode()


@pytest.fixture
def token(cast) -> str:
    from django.db import transaction

    with transaction.atomic():
        _, secret = api.create_client(
            actor=SYSTEM, name="政务服务网", agency=cast.agency("新华区教育局")
        )
    return secret


def test_it_takes_an_application_through_the_api_and_audits_every_call(token, march) -> None:
    client = Client()
    body = {
        "applicant_type": "commercial",
        "name": "某某科技有限公司",
        "id_type": "credit_code",
        "id_number": "91350100M000100Y43",
        "legal_representative": "王五",
        "phone": "0375-1234567",
        "description": "2024年教育装备采购结果",
        "provision_form": "email",
        "delivery": "email",
        "email": "office@example.com",
    }
    refused = client.post(
        reverse("cases:api_submit"), json.dumps(body), content_type="application/json"
    )
    assert refused.status_code == 401
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    created = client.post(
        reverse("cases:api_submit"), json.dumps(body), content_type="application/json", **auth
    )
    assert created.status_code == 201, created.content.decode()
    tracking = created.json()["tracking_number"]
    assert created.json()["due"] == "2025-03-31"
    status = client.get(reverse("cases:api_status", args=[tracking]), **auth)
    assert status.json()["state"] == "registered"
    bad = client.post(
        reverse("cases:api_submit"),
        json.dumps({**body, "id_number": "123"}),
        content_type="application/json",
        **auth,
    )
    assert bad.status_code == 422 and "统一社会信用代码" in bad.json()["error"]
    calls = AuditEntry.objects.filter(action__startswith="cases.api.").count()
    assert calls == 4


def test_it_answers_503_naming_the_year_when_the_calendar_lacks_it(token, frozen_clock) -> None:
    frozen_clock.set(dt.date(2099, 3, 2))
    body = {
        "applicant_type": "natural_person",
        "name": "张三",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800138000",
        "description": "2099年学区划分范围",
        "provision_form": "email",
        "delivery": "email",
        "email": "zhangsan@example.com",
    }
    response = Client().post(
        reverse("cases:api_submit"),
        json.dumps(body),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 503
    assert response["Retry-After"] == str(api.RETRY_AFTER_SECONDS)
    assert "2099 年的工作日历" in response.json()["error"]
    assert not Application.objects.exists()
    row = AuditEntry.objects.get(action="cases.api.submit")
    assert (row.changes["status"], row.changes["year"]) == (503, 2099)
    assert "2099" in row.changes["error"]


def test_it_publishes_an_openapi_3_schema_covering_both_paths(client) -> None:
    schema = client.get(reverse("cases:api_schema")).json()
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/applications",
        "/api/v1/applications/{tracking_number}",
    }
    required = schema["components"]["schemas"]["Applicant"]["required"]
    assert set(required) == set(api.FIELDS)
    answers = schema["paths"]["/api/v1/applications"]["post"]["responses"]
    assert "工作日历" in answers["503"]["description"]
    assert "Retry-After" in answers["503"]["headers"]


def test_it_flags_due_soon_and_overdue_cases_in_the_list(submit, login_as, frozen_clock) -> None:
    submit()
    client = login_as("jiaoyu_clerk")
    frozen_clock.set(dt.date(2025, 3, 26))
    assert "即将到期（剩 3 个工作日）" in client.get(reverse("cases:index")).content.decode()
    frozen_clock.set(dt.date(2025, 4, 2))
    page = client.get(reverse("cases:index")).content.decode()
    assert "已逾期 2 个工作日" in page
    leader_page = login_as("jiaoyu_leader").get(reverse("cases:supervision")).content.decode()
    assert "已逾期" in leader_page


def test_it_rate_limits_each_api_client(token, settings) -> None:
    settings.GONGKAI_API_LIMIT = 2
    auth: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    url = reverse("cases:api_status", args=["GK20250303NOPE00"])
    codes = [Client().get(url, **auth).status_code for _ in range(3)]
    assert codes == [404, 404, 429]
    assert AuditEntry.objects.filter(action="cases.api.status", changes__status=429).exists()


def test_it_limits_bad_tokens_per_address_and_audits_them_as_counts(token, settings) -> None:
    # The review: 200 calls with a bad token, 200 audit rows and no limit.
    settings.GONGKAI_API_AUTH_FAILURES = 10
    url = reverse("cases:api_status", args=["GK20250303NOPE00"])
    bad: dict[str, Any] = {"HTTP_AUTHORIZATION": "Bearer not-a-token", "REMOTE_ADDR": "10.0.0.66"}
    codes = [Client().get(url, **bad).status_code for _ in range(200)]
    assert codes[:9] == [401] * 9 and set(codes[9:]) == {429}
    rows = AuditEntry.objects.filter(action="cases.api.status", object_id="")
    assert [r.changes["failures"] for r in rows.order_by("seq")] == [1, 10, 100]
    assert all(r.address == "10.0.0.66" for r in rows)
    limited = Client().get(url, **bad)
    assert int(limited["Retry-After"]) == 600 and "访问令牌错误次数过多" in limited.json()["error"]
    # Another address is not held back, nor is a good token from another address.
    assert (
        Client().get(url, HTTP_AUTHORIZATION="Bearer x", REMOTE_ADDR="10.0.0.7").status_code == 401
    )
    good: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}", "REMOTE_ADDR": "10.0.0.8"}
    assert Client().get(url, **good).status_code == 404
