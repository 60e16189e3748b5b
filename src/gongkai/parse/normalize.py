"""Text as the reader compares it: one width, one script, one set of quotes.

Two forms are used. ``clean`` keeps the words readable (for numbers, titles and messages);
``key`` keeps only letters, digits and Han characters, so that （一） and (一), 1. and 1、,
“三安全一稳定” and "三安全一稳定", 商业 企业 and 商业企业 all compare equal.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from gongkai.parse.hanzi import simplify

# NFKC folds full-width ASCII (（，：０) and the ideographic space; these it leaves alone.
_EXTRA: Final = str.maketrans(
    {
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u200b": "",
        "\ufeff": "",
        "\u3001": "、",
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u300c": '"',
        "\u300d": '"',
        "\u2212": "-",
        "\uff0d": "-",
    }
)

_KEY_DROP: Final = re.compile(r"[^0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]+")
_SPACE: Final = re.compile(r"\s+")


def clean(text: str) -> str:
    """NFKC, simplified characters, straight quotes, single spaces, trimmed."""
    folded = unicodedata.normalize("NFKC", text).translate(_EXTRA)
    return _SPACE.sub(" ", simplify(folded)).strip()


def key(text: str) -> str:
    """The comparison form of an already ``clean`` text: punctuation and spaces removed."""
    return _KEY_DROP.sub("", text)
