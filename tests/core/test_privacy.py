"""The personal-data scan: what must not be published is found, and what may be is left alone."""

from __future__ import annotations

import random

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric

from gongkai.privacy import PersonalKind, scan

ID = "410402199003074569"
CARD = "6222020200112233446"


def kinds(text: str, **options: bool) -> list[PersonalKind]:
    return [hit.kind for hit in scan(text, **options)]


def test_it_finds_each_kind_of_personal_data_and_masks_what_it_shows() -> None:
    text = (
        f"姓名：张三，身份证号{ID}，手机 138 1234 5678，家庭电话（0375）2345678，"
        f"银行卡号 {CARD}，邮箱 zhang.san@example.cn。"
    )
    hits = scan(text)
    assert [h.kind for h in hits] == [
        PersonalKind.NAME, PersonalKind.RESIDENT_ID, PersonalKind.MOBILE,
        PersonalKind.LANDLINE, PersonalKind.BANK_CARD, PersonalKind.EMAIL,
    ]  # fmt: skip
    assert [h.masked for h in hits] == [
        "张*",
        "4104**********4569",
        "138****5678",
        "0375***5678",
        "6222***********3446",
        "z***@example.cn",
    ]
    for hit in hits:
        assert text[hit.start : hit.end] == hit.text
        assert hit.text not in hit.message  # the check must not spread what it found


def test_it_takes_no_number_whose_check_fails_for_an_id_or_a_card() -> None:
    assert kinds("文号 410402199013074569，订单 410402199003074568") == []
    assert kinds("流水号 6222020200112233445") == []


def test_an_offices_service_lines_are_not_personal_but_an_unlabelled_landline_is() -> None:
    assert kinds("咨询电话：0375-2345678；监督电话 0375-2345679；传真：0375-2345670") == []
    assert kinds("联系电话：0375-2345678") == [PersonalKind.LANDLINE]


def test_a_business_named_after_a_label_is_no_person_and_codes_of_persons_wait_for_policy() -> None:
    assert kinds("当事人：新华区某某有限公司") == []
    code = "92410402MA40000000"
    code = code[:-1] + _credit_check(code[:-1])
    assert kinds(f"统一社会信用代码 {code}") == []
    assert kinds(f"统一社会信用代码 {code}", person_codes=True) == [PersonalKind.PERSON_CODE]


def test_overlapping_finds_keep_the_stronger_one() -> None:
    # The ID holds an 11-digit run that looks like a mobile number: only the ID counts.
    assert kinds(f"身份证{ID}") == [PersonalKind.RESIDENT_ID]


def _credit_check(first17: str) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    weights = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
    total = sum(alphabet.index(c) * w for c, w in zip(first17, weights, strict=True))
    return alphabet[(31 - total % 31) % 31]


def _random_id(rng: random.Random) -> str:
    year = rng.randint(1940, 2015)
    body = f"{rng.randint(110000, 659000)}{year}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
    body += f"{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 of 18


@given(
    st.integers(min_value=0, max_value=2**32), st.text(alphabet="，。的工作通知年月日 ", max_size=9)
)
def test_every_valid_id_is_found_wherever_it_stands(seed: int, around: str) -> None:
    number = _random_id(random.Random(seed))
    text = f"{around}{number}{around}"
    hits = scan(text)
    assert [(h.kind, h.text) for h in hits] == [(PersonalKind.RESIDENT_ID, number)]
