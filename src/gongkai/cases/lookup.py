"""What to look up in the published catalogue while an applicant describes what they want.

An applicant types a sentence ("申请公开《新华区2024年部门预算》及其说明"), rarely the exact
title; the catalogue's search needs every term. So the sentence is cut into phrases worth
searching: titles in book-title or quotation marks, the 文号 they gave, and the clauses between
punctuation with the usual request words ("申请公开", "请提供") taken off. Longer phrases first:
they are the more telling matches.
"""

from __future__ import annotations

import re
from typing import Final

MIN_PHRASE: Final = 4  # characters; shorter clauses ("相关文件") match half the catalogue
MAX_PHRASES: Final = 5

_QUOTED = re.compile(r"《([^》]+)》|“([^”]+)”|\"([^\"]+)\"")
_SPLIT = re.compile(r"[，,。.；;！!？?、：:（）()《》“”\"\s]+")
_REQUEST_WORDS: Final = (
    "我想了解",
    "我想申请",
    "我申请",
    "申请公开",
    "请求公开",
    "要求公开",
    "申请获取",
    "申请提供",
    "请公开",
    "请提供",
    "希望公开",
    "想要",
    "获取",
    "了解",
    "申请",
)

# Words that point at a public register (Art. 20 (5)(6)(8)) rather than at a document.
REGISTER_WORDS: Final = {
    "licensing": ("行政许可", "许可决定", "许可证"),
    "penalty": ("行政处罚", "处罚决定", "罚款"),
    "coercion": ("行政强制", "强制措施", "查封", "扣押"),
    "fees": ("行政事业性收费", "收费项目", "收费标准", "收费依据"),
}


def _strip_request_words(text: str) -> str:
    changed = True
    while changed:
        changed = False
        for word in _REQUEST_WORDS:
            if text.startswith(word):
                text = text[len(word) :]
                changed = True
    return text.strip()


def phrases(description: str, document_number: str = "") -> list[str]:
    found: list[str] = []
    for match in _QUOTED.finditer(description):
        found.append(next(g for g in match.groups() if g))
    if document_number.strip():
        found.append(document_number.strip())
    for clause in _SPLIT.split(description):
        found.append(_strip_request_words(clause))
    unique = dict.fromkeys(p.strip() for p in found if len(p.strip()) >= MIN_PHRASE)
    return sorted(unique, key=len, reverse=True)[:MAX_PHRASES]


def register_kinds(text: str) -> list[str]:
    """The registers the text speaks of, in the order of REGISTER_WORDS."""
    return [kind for kind, words in REGISTER_WORDS.items() if any(w in text for w in words)]
