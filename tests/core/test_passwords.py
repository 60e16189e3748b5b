"""Password policy and TOTP (RFC 6238)."""

import base64

import pytest

from gongkai.passwords import (
    generate_password,
    hotp,
    new_totp_secret,
    password_problems,
    provisioning_uri,
    totp,
    verify_totp,
)

# RFC 6238 appendix B uses the ASCII secret "12345678901234567890" with SHA-1.
RFC_SECRET = base64.b32encode(b"12345678901234567890").decode()


@pytest.mark.parametrize("password", ["Gongkai#2024", "gongkai2024!", "GONGKAI2024x", "Ab1!Ab1!"])
def test_it_accepts_eight_characters_of_three_classes(password: str) -> None:
    assert password_problems(password) == []


def test_it_says_a_short_password_is_short() -> None:
    assert password_problems("Ab1!") == ["密码至少 8 位，现为 4 位"]


def test_it_names_the_classes_a_weak_password_has() -> None:
    assert password_problems("gongkai2024") == [
        "密码须包含大写字母、小写字母、数字、符号四类中的至少 3 类，现只有 2 类（小写字母、数字）"
    ]


def test_it_counts_chinese_characters_as_symbols() -> None:
    assert password_problems("公开gongkai2024") == []


def test_it_lists_every_problem_at_once() -> None:
    assert len(password_problems("abc")) == 2


def test_it_refuses_a_password_containing_the_user_name() -> None:
    assert password_problems("Zhangsan#1", username="zhangsan") == ["密码不能包含用户名"]


def test_it_meets_the_rfc_4226_hotp_vectors() -> None:
    assert [hotp(RFC_SECRET, n) for n in range(3)] == ["755224", "287082", "359152"]


@pytest.mark.parametrize(
    ("unix_time", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_it_meets_the_rfc_6238_totp_vectors(unix_time: int, code: str) -> None:
    # The RFC lists 8-digit codes; the 6-digit code is their last six digits.
    assert totp(RFC_SECRET, unix_time=unix_time) == code


def test_it_accepts_the_code_of_the_previous_step_for_clock_drift() -> None:
    secret = new_totp_secret()
    code = totp(secret, unix_time=1_000_000)
    assert verify_totp(secret, code, unix_time=1_000_000 + 30) == 1_000_000 // 30
    assert verify_totp(secret, code, unix_time=1_000_000 + 90) is None


def test_it_refuses_a_replayed_code() -> None:
    secret = new_totp_secret()
    code = totp(secret, unix_time=1_000_000)
    step = verify_totp(secret, code, unix_time=1_000_000)
    assert step is not None
    assert verify_totp(secret, code, unix_time=1_000_000, last_used_step=step) is None


def test_it_refuses_codes_that_are_not_six_digits() -> None:
    secret = new_totp_secret()
    assert verify_totp(secret, "12345", unix_time=0) is None
    assert verify_totp(secret, "abcdef", unix_time=0) is None


def test_it_builds_an_authenticator_uri() -> None:
    uri = provisioning_uri("JBSWY3DPEHPK3PXP", account="clerk", issuer="gongkai")
    assert uri.startswith("otpauth://totp/gongkai%3Aclerk?secret=JBSWY3DPEHPK3PXP")


def test_it_generates_temporary_passwords_that_meet_the_policy() -> None:
    passwords = {generate_password() for _ in range(50)}
    assert len(passwords) == 50
    assert all(password_problems(p) == [] and len(p) == 16 for p in passwords)
