"""身份证号 (GB 11643) and 统一社会信用代码 (GB 32100): validation that says what is wrong."""

import pytest

from gongkai.identity import (
    IdentityNumberError,
    is_valid_credit_code,
    is_valid_resident_id,
    mask_phone,
    mask_resident_id,
    validate_credit_code,
    validate_resident_id,
)


@pytest.mark.parametrize(
    "number", ["11010519491231002X", "410402198001011236", "410402199003074569"]
)
def test_it_accepts_valid_id_numbers(number: str) -> None:
    assert validate_resident_id(number) == number


def test_it_normalises_full_width_lowercase_and_spaces() -> None:
    assert validate_resident_id(" １１０１０５ 19491231002x ") == "11010519491231002X"


def test_it_names_the_expected_check_digit() -> None:
    with pytest.raises(IdentityNumberError) as caught:
        validate_resident_id("410402198001011235")
    assert "校验位应为 6" in caught.value.message
    assert "现为 5" in caught.value.message


def test_it_says_how_long_an_id_number_should_be() -> None:
    with pytest.raises(IdentityNumberError, match="应为 18 位，现为 16 位"):
        validate_resident_id("4104021980010112")


def test_it_names_the_position_of_a_letter_in_an_id_number() -> None:
    with pytest.raises(IdentityNumberError, match="第 5 位应为数字，现为“A”"):
        validate_resident_id("4104A2198001011236")


def test_it_refuses_an_impossible_birth_date() -> None:
    with pytest.raises(IdentityNumberError, match="“19801301”不是有效日期"):
        validate_resident_id("410402198013011236")


def test_it_asks_for_an_empty_id_number() -> None:
    with pytest.raises(IdentityNumberError, match="请填写身份证号"):
        validate_resident_id("  ")


@pytest.mark.parametrize("code", ["91350100M000100Y43", "11410402MB12345679", "12410402MB0123456L"])
def test_it_accepts_valid_credit_codes(code: str) -> None:
    assert validate_credit_code(code) == code
    assert is_valid_credit_code(code.lower())


def test_it_names_the_expected_check_character_of_a_credit_code() -> None:
    with pytest.raises(IdentityNumberError) as caught:
        validate_credit_code("11410402MB12345678")
    assert caught.value.message == (
        "统一社会信用代码校验位不符：按前 17 位计算，校验位应为 9，现为 8"
    )


def test_it_explains_letters_the_credit_code_never_uses() -> None:
    with pytest.raises(IdentityNumberError, match="第 9 位“I”不是有效字符（代码中不使用字母"):
        validate_credit_code("11410402IB12345679")


def test_it_wants_digits_for_the_division_code() -> None:
    with pytest.raises(IdentityNumberError, match="行政区划代码，应为数字，第 4 位现为“A”"):
        validate_credit_code("114A0402MB12345679")


def test_it_says_how_long_a_credit_code_should_be() -> None:
    with pytest.raises(IdentityNumberError, match="应为 18 位，现为 17 位"):
        validate_credit_code("11410402MB1234567")


def test_it_answers_yes_or_no() -> None:
    assert is_valid_resident_id("11010519491231002X")
    assert not is_valid_resident_id("110105194912310021")
    assert not is_valid_credit_code("91350100M000100Y44")


def test_it_masks_all_but_the_first_and_last_four_digits() -> None:
    assert mask_resident_id("410402198001011236") == "4104**********1236"
    assert mask_resident_id("1234") == "****"


def test_it_masks_the_middle_of_a_mobile_number() -> None:
    assert mask_phone("13812345678") == "138****5678"
    assert mask_phone("0375-2345678") == "********5678"
