"""Identity numbers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

Validation says what is wrong in the words a clerk uses (which position, which character,
what the check character should be), because "格式错误" alone sends people back to guess.
The check characters come from python-stdnum; the character rules are the standards' own.
"""

from __future__ import annotations

import unicodedata
from datetime import date

from stdnum.cn import ric, uscc

RESIDENT_ID_LENGTH = 18
CREDIT_CODE_LENGTH = 18

# GB 32100 leaves out I, O, S, V and Z so that they cannot be confused with 1, 0, 5, U and 2.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"


class IdentityNumberError(ValueError):
    """A number that fails its standard; ``message`` is the Chinese text shown to the user."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def normalise(raw: str) -> str:
    # NFKC turns full-width digits and letters (typed with a Chinese input method) into ASCII.
    text = unicodedata.normalize("NFKC", raw)
    return "".join(text.split()).replace("-", "").upper()


def validate_resident_id(raw: str) -> str:
    """Return the 18-character ID number, or raise IdentityNumberError saying what is wrong."""
    number = normalise(raw)
    if not number:
        raise IdentityNumberError("请填写身份证号")
    if len(number) != RESIDENT_ID_LENGTH:
        raise IdentityNumberError(
            f"身份证号应为 {RESIDENT_ID_LENGTH} 位，现为 {len(number)} 位，请核对是否漏填或多填"
        )
    for position, char in enumerate(number[:-1], start=1):
        if not char.isdigit():
            raise IdentityNumberError(f"身份证号第 {position} 位应为数字，现为“{char}”")
    if not (number[-1].isdigit() or number[-1] == "X"):
        raise IdentityNumberError(f"身份证号第 18 位（校验位）应为数字或 X，现为“{number[-1]}”")
    birth = number[6:14]
    try:
        date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        raise IdentityNumberError(f"身份证号第 7–14 位是出生日期，“{birth}”不是有效日期") from None
    expected = ric.calc_check_digit(number)
    if number[-1] != expected:
        raise IdentityNumberError(
            f"身份证号校验位不符：按前 17 位计算，校验位应为 {expected}，现为 {number[-1]}，"
            "请核对各位数字"
        )
    return number


def validate_credit_code(raw: str) -> str:
    """Return the 18-character credit code, or raise IdentityNumberError saying what is wrong."""
    code = normalise(raw)
    if not code:
        raise IdentityNumberError("请填写统一社会信用代码")
    if len(code) != CREDIT_CODE_LENGTH:
        raise IdentityNumberError(
            f"统一社会信用代码应为 {CREDIT_CODE_LENGTH} 位，现为 {len(code)} 位"
        )
    for position, char in enumerate(code, start=1):
        if char not in CREDIT_CODE_ALPHABET:
            hint = "（代码中不使用字母 I、O、S、V、Z）" if char in "IOSVZ" else ""
            raise IdentityNumberError(f"统一社会信用代码第 {position} 位“{char}”不是有效字符{hint}")
    # Positions 3–8 are the administrative division code (GB/T 2260), always digits.
    for position in range(3, 9):
        if not code[position - 1].isdigit():
            raise IdentityNumberError(
                f"统一社会信用代码第 3–8 位是行政区划代码，应为数字，"
                f"第 {position} 位现为“{code[position - 1]}”"
            )
    expected = uscc.calc_check_digit(code)
    if code[-1] != expected:
        raise IdentityNumberError(
            f"统一社会信用代码校验位不符：按前 17 位计算，校验位应为 {expected}，现为 {code[-1]}"
        )
    return code


def is_valid_resident_id(raw: str) -> bool:
    try:
        validate_resident_id(raw)
    except IdentityNumberError:
        return False
    return True


def is_valid_credit_code(raw: str) -> bool:
    try:
        validate_credit_code(raw)
    except IdentityNumberError:
        return False
    return True


def mask_resident_id(number: str) -> str:
    """4104**********1234: the region's first four digits and the last four stay readable."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def mask_phone(number: str) -> str:
    """138****5678 for a mobile number; shorter numbers keep only their last four digits."""
    digits = number.strip()
    if len(digits) == 11 and digits.isdigit():
        return digits[:3] + "****" + digits[7:]
    if len(digits) <= 4:
        return "*" * len(digits)
    return "*" * (len(digits) - 4) + digits[-4:]
