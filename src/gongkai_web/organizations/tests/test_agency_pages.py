"""Agency pages: a clerk sees its own agency, a supervisor every agency below its own."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from gongkai_web.organizations.tests.cast import Cast


def listed(client: Client) -> list[str]:
    page = client.get(reverse("organizations:agency_list")).content.decode()
    return re.findall(r'<a href="/agencies/\d+/"[^>]*>([^<]+)</a>', page)


def test_a_clerk_sees_only_its_agency(login_as: Callable[[str], Client]) -> None:
    assert listed(login_as("jiaoyu_clerk")) == ["新华区教育局"]


def test_a_supervisor_sees_its_agency_and_all_below(login_as: Callable[[str], Client]) -> None:
    assert listed(login_as("xinhua_supervisor")) == [
        "新华区人民政府",
        "新华区教育局",
        "新华区电化教育馆",
        "新华区实验小学",
        "新华区第一中学",
        "新华区财政局",
        "新华区卫生健康委员会",
    ]


def test_the_supervisor_edits_its_disclosure_office(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    district = cast.agency("新华区人民政府")
    client = login_as("xinhua_supervisor")
    response = client.post(
        reverse("organizations:agency_edit", kwargs={"agency_id": district.pk}),
        {"short_name": "新华区", "office_name": "新华区政务公开办", "office_email": "not-an-email"},
    )
    assert response.status_code == 200
    assert "Email" in response.content.decode()  # Django's own message: 输入一个有效的 Email 地址。
    response = client.post(
        reverse("organizations:agency_edit", kwargs={"agency_id": district.pk}),
        {"short_name": "新华区", "office_name": "新华区政务公开办", "office_hours": "工作日"},
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.office_name == "新华区政务公开办"


def test_the_create_form_names_a_wrong_check_character(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    page = login_as("sysadmin").post(
        reverse("organizations:agency_create"),
        {
            "name": "新华区司法局",
            "credit_code": "11410402005000009A",
            "level": "department",
            "kind": "department",
            "parent": cast.agency("新华区人民政府").pk,
        },
    )
    text = page.content.decode()
    assert "统一社会信用代码校验位不符：按前 17 位计算，校验位应为" in text
