"""索引号 from a per-agency template.

No national rule fixes the form (regulation.md §9.3, UNCONFIRMED), so the template is the
agency's to set. The default follows the most common practice seen on government sites:
``{统一社会信用代码}/{YYYY}-{NNNNN}``. Placeholders:

* ``{统一社会信用代码}`` the agency's 18-character unified social credit code;
* ``{组织机构代码}`` its 9-character organisation code (characters 9-17 of the credit code);
* ``{YYYY}`` the publication year, ``{MM}`` its month (two digits);
* ``{N…N}`` the serial within the agency and year, zero-padded to as many digits as N's.

The serial restarts each year, so a template without ``{YYYY}`` would repeat numbers: it is
refused, as is a template without a serial.

An agency may change its template during the year. The serial keeps counting (the counter
belongs to the agency and year, not to the template), and ``next_free`` passes over any serial
whose number an earlier template already gave, so a number is never given twice.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

DEFAULT_TEMPLATE = "{统一社会信用代码}/{YYYY}-{NNNNN}"
_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")
_KNOWN = ("统一社会信用代码", "组织机构代码", "YYYY", "MM")


class TemplateError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class IndexTemplate:
    text: str
    serial_width: int

    @classmethod
    def parse(cls, text: str) -> IndexTemplate:
        text = text.strip()
        # First, or "{NNNNN" without its brace would be reported as a missing serial.
        if "{" in _PLACEHOLDER.sub("", text) or "}" in _PLACEHOLDER.sub("", text):
            raise TemplateError("索引号模板中的花括号不成对，请检查")
        names = _PLACEHOLDER.findall(text)
        serials = [name for name in names if name and set(name) == {"N"}]
        unknown = [name for name in names if name not in _KNOWN and name not in serials]
        if unknown:
            raise TemplateError(
                f"索引号模板中有无法识别的占位符 {{{unknown[0]}}}；可用的有 "
                "{统一社会信用代码}、{组织机构代码}、{YYYY}、{MM} 和流水号 {NNNNN}"
            )
        if len(serials) != 1:
            raise TemplateError("索引号模板必须恰好包含一个流水号占位符，例如 {NNNNN}（5 位）")
        if "YYYY" not in names:
            raise TemplateError(
                "索引号模板必须包含年份 {YYYY}：流水号每年从 1 开始，缺少年份会重号"
            )
        if "统一社会信用代码" not in names and "组织机构代码" not in names:
            raise TemplateError(
                "索引号模板必须包含 {统一社会信用代码} 或 {组织机构代码}，以区分不同机关"
            )
        return cls(text=text, serial_width=len(serials[0]))

    def render(self, *, credit_code: str, year: int, month: int, serial: int) -> str:
        if serial < 1:
            raise ValueError(f"流水号必须从 1 开始：{serial}")
        if serial >= 10**self.serial_width:
            raise TemplateError(
                f"{year} 年的流水号已超过模板允许的 {self.serial_width} 位，请在模板中加长流水号"
            )
        values = {
            "统一社会信用代码": credit_code,
            "组织机构代码": credit_code[8:17],
            "YYYY": f"{year:04d}",
            "MM": f"{month:02d}",
        }

        def fill(match: re.Match[str]) -> str:
            name = match.group(1)
            return values.get(name) or f"{serial:0{self.serial_width}d}"

        return _PLACEHOLDER.sub(fill, self.text)

    def next_free(
        self, *, credit_code: str, year: int, month: int, after: int, taken: Callable[[str], bool]
    ) -> tuple[int, str]:
        """The first serial after ``after`` whose number is not ``taken``, with that number.

        Two templates can render different serials as the same text: after
        ``{统一社会信用代码}/{YYYY}-{MM}{NNN}`` gave serial 12 in July as "…/2024-07012", the
        default template renders serial 7012 as the same text. Such a serial is passed over (and
        so consumed). Each pass moves the serial on, so the search ends at the latest when the
        serial outgrows the template (TemplateError).
        """
        serial = after + 1
        while True:
            number = self.render(credit_code=credit_code, year=year, month=month, serial=serial)
            if not taken(number):
                return serial, number
            serial += 1
