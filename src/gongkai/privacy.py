"""Personal data in text about to be published (个人信息): what a reviewer must see first.

A published 身份证号 or mobile number is the typical single veto of the official website and
new-media checks (国办秘函〔2019〕19号). This finds, in any text (an entry's fields, an
attachment's text layer, a post):
- 居民身份证号 (18 characters; the birth date and the ISO 7064 MOD 11-2 check character must
  hold, so a 文号 or an order number of the same length is not taken for one);
- bank card numbers (16–19 digits, an issuer's first digit, the Luhn check);
- 统一社会信用代码 of 个体工商户 (registration type 92: the code of a person's business), only
  when the agency's policy masks them (``person_codes``);
- mobile numbers (1[3-9] and nine digits, spaced or hyphenated, +86 allowed);
- landline numbers with their area code, except a service line introduced as such
  (咨询电话, 监督电话, 举报电话, 服务热线, 传真): an office publishes those on purpose;
- e-mail addresses;
- a name after a label that introduces a person (姓名, 联系人, 申请人, 当事人, 经营者).
Overlapping finds keep the stronger one (a card number is not also a phone number). The text a
reviewer sees is masked: the check must not itself spread what it found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from gongkai.identity import is_valid_credit_code, is_valid_resident_id, mask_phone
from gongkai.workflow.lifecycle import Labelled


class PersonalKind(Labelled):
    RESIDENT_ID = "resident_id", "身份证号"
    BANK_CARD = "bank_card", "银行卡号"
    PERSON_CODE = "person_code", "个体工商户统一社会信用代码"
    MOBILE = "mobile", "手机号码"
    LANDLINE = "landline", "固定电话"
    EMAIL = "email", "电子邮箱"
    NAME = "name", "姓名"


# Stronger first: where two finds overlap, the earlier kind wins.
_PRIORITY = list(PersonalKind)


@dataclass(frozen=True, slots=True)
class PersonalHit:
    start: int
    end: int
    kind: PersonalKind
    text: str

    @property
    def masked(self) -> str:
        return mask(self.kind, self.text)

    @property
    def word(self) -> str:
        """What a reviewer acknowledges: the kind and the masked value, never the value."""
        return f"{self.kind.label}{self.masked}"

    @property
    def message(self) -> str:
        return f"{self.kind.label}“{self.masked}”"


def mask(kind: PersonalKind, value: str) -> str:
    digits = re.sub(r"[^0-9A-Za-z]", "", value)
    if kind is PersonalKind.MOBILE:
        return mask_phone(digits[-11:])
    if kind is PersonalKind.EMAIL:
        local, _, domain = value.partition("@")
        return f"{local[:1]}***@{domain}"
    if kind is PersonalKind.NAME:
        return value[:1] + "*" * (len(value) - 1)
    if len(digits) <= 8:
        return "*" * (len(digits) - 2) + digits[-2:]
    return digits[:4] + "*" * (len(digits) - 8) + digits[-4:]


_EDGE = r"(?<![0-9A-Za-z])"
_END = r"(?![0-9A-Za-z])"
_RESIDENT_ID = re.compile(
    _EDGE + r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]" + _END
)
_CARD = re.compile(_EDGE + r"[3-6]\d{3}(?:[ \-]?\d{4}){2}[ \-]?\d{4,7}" + _END)
_CREDIT_CODE = re.compile(_EDGE + r"92[0-9A-HJ-NPQRTUWXY]{16}" + _END)
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86[ \-]?)?1[3-9]\d(?:[ \-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(
    r"(?<!\d)(?:[（(]0\d{2,3}[）)]\s?|0\d{2,3}[\-－—])[2-9]\d{6,7}(?:(?:[\-－]|转)\d{1,5})?(?!\d)"
)
_SERVICE_LINE = re.compile(r"(?:咨询|监督|举报|投诉|服务|值班)(?:电话|热线)|热线|传真|办公电话")
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# A name is two or three characters ending the phrase: 「当事人：新华区某某公司」 is no person.
_NAME = re.compile(
    r"(?:姓\s*名|联系人|申请人|当事人|经营者|户\s*主)\s*[:：]\s*([\u4e00-\u9fff]{2,3})(?![\u4e00-\u9fff])"
)


def _hit(match: re.Match[str], kind: PersonalKind) -> PersonalHit:
    return PersonalHit(match.start(), match.end(), kind, match.group())


def _luhn(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def scan(text: str, *, person_codes: bool = False) -> list[PersonalHit]:
    """Every piece of personal data in ``text``, in reading order, none overlapping."""
    found: list[PersonalHit] = []
    for match in _RESIDENT_ID.finditer(text):
        if is_valid_resident_id(match.group()):
            found.append(
                PersonalHit(match.start(), match.end(), PersonalKind.RESIDENT_ID, match.group())
            )
    for match in _CARD.finditer(text):
        digits = re.sub(r"\D", "", match.group())
        if 16 <= len(digits) <= 19 and _luhn(digits):
            found.append(
                PersonalHit(match.start(), match.end(), PersonalKind.BANK_CARD, match.group())
            )
    if person_codes:
        for match in _CREDIT_CODE.finditer(text):
            if is_valid_credit_code(match.group()):
                found.append(_hit(match, PersonalKind.PERSON_CODE))
    for match in _MOBILE.finditer(text):
        found.append(_hit(match, PersonalKind.MOBILE))
    for match in _LANDLINE.finditer(text):
        if not _SERVICE_LINE.search(text, max(0, match.start() - 8), match.start()):
            found.append(
                PersonalHit(match.start(), match.end(), PersonalKind.LANDLINE, match.group())
            )
    for match in _EMAIL.finditer(text):
        found.append(_hit(match, PersonalKind.EMAIL))
    for match in _NAME.finditer(text):
        found.append(PersonalHit(match.start(1), match.end(1), PersonalKind.NAME, match.group(1)))
    return _without_overlaps(found)


def _without_overlaps(found: list[PersonalHit]) -> list[PersonalHit]:
    kept: list[PersonalHit] = []
    for hit in sorted(found, key=lambda h: (_PRIORITY.index(h.kind), h.start)):
        if all(hit.end <= other.start or hit.start >= other.end for other in kept):
            kept.append(hit)
    return sorted(kept, key=lambda h: h.start)
