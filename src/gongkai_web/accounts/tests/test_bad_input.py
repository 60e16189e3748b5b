"""The account form says what is wrong, in Chinese."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from gongkai_web.organizations.tests.cast import Cast


def submit(client: Client, cast: Cast, **changes: str) -> str:
    data = {
        "username": "zhangsan",
        "full_name": "张三",
        "agency": str(cast.agency("新华区教育局").pk),
        "phone": "",
        "id_number": "",
        "password1": "Gongkai#2025",
        "password2": "Gongkai#2025",
        **changes,
    }
    response = client.post(reverse("accounts:user_create"), data)
    return "CREATED" if response.status_code == 302 else response.content.decode()


def test_it_creates_a_valid_account(cast: Cast, login_as: Callable[[str], Client]) -> None:
    assert submit(login_as("sysadmin"), cast) == "CREATED"


def test_it_names_a_taken_user_name(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = submit(login_as("sysadmin"), cast, username="jiaoyu_clerk")
    assert "用户名“jiaoyu_clerk”已被使用，请换一个" in page


def test_it_names_the_expected_check_digit_of_an_id_number(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    page = submit(login_as("sysadmin"), cast, id_number="410402199003074568")
    assert "校验位应为 9" in page


def test_it_explains_a_weak_password(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = submit(login_as("sysadmin"), cast, password1="short1", password2="short1")
    assert "密码至少 8 位，现为 6 位" in page
    assert "现只有 2 类（小写字母、数字）" in page


def test_it_says_when_the_two_passwords_differ(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    page = submit(login_as("sysadmin"), cast, password2="Gongkai#2026")
    assert "两次输入的密码不一致" in page
