"""Bytes of a text or HTML file into text: BOMs, UTF-8, GBK/GB2312 (read as GB18030, their
superset), UTF-16 without a BOM; and telling text from binary junk."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from typing import Final

_BOMS: Final = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET: Final = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_-]{2,20})""", re.I
)
_GB_NAMES: Final = {"gb2312", "gbk", "gb18030", "x-gbk", "cp936", "euc-cn", "hz-gb-2312"}
_CONTROL: Final = re.compile(r"[\x00-\x08\x0e-\x1f]")
# Share of control characters above which a decoded text is binary junk, not a report.
_MAX_CONTROL_SHARE: Final = 0.02


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    lossy: bool  # some bytes could not be decoded and were replaced


def decode(data: bytes, *, html: bool = False) -> Decoded | None:
    """The text, or None when the bytes are not text in any encoding tried."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(name, errors="replace")
            return _checked(text, name, "\ufffd" in text)
    if html:
        declared = _declared(data)
        if declared is not None:
            text = data.decode(declared, errors="replace")
            return _checked(text, declared, "\ufffd" in text)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(data.decode(utf16, errors="replace"), utf16, False)
    try:
        return _checked(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError:
        pass
    try:
        return _checked(data.decode("gb18030"), "gb18030", False)
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8", errors="replace")
    gb = data.decode("gb18030", errors="replace")
    if gb.count("\ufffd") < text.count("\ufffd"):
        text, name = gb, "gb18030"
    else:
        name = "utf-8"
    if text.count("\ufffd") > len(text) * _MAX_CONTROL_SHARE:
        return None
    return _checked(text, name, True)


def _declared(data: bytes) -> str | None:
    m = _META_CHARSET.search(data[:4096])
    if not m:
        return None
    name = m.group(1).decode("ascii").lower()
    if name in _GB_NAMES:
        return "gb18030"
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _utf16_without_bom(data: bytes) -> str | None:
    """ASCII-heavy UTF-16 has a zero in every other byte; Chinese UTF-16 has none, so only
    the ASCII share (digits, pipes, newlines) can tell, and a report always has plenty."""
    sample = data[:2000]
    if len(sample) < 8 or len(sample) % 2:
        return None
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = len(sample) // 2
    if odd > half * 0.3 and even < half * 0.05:
        return "utf-16-le"
    if even > half * 0.3 and odd < half * 0.05:
        return "utf-16-be"
    return None


def _checked(text: str, name: str, lossy: bool) -> Decoded | None:
    if not text:
        return Decoded(text, name, lossy)
    sample = text[:20000]
    control = len(_CONTROL.findall(sample))
    if control > len(sample) * _MAX_CONTROL_SHARE:
        return None
    return Decoded(text, name, lossy)
