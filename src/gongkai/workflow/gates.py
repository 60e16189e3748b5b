"""The rules of the gates, as values: which flagged words still keep a review step shut."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from gongkai.publishing.wordcheck import Hit


@dataclass(frozen=True, slots=True)
class Found:
    """A 错敏词 hit and where it is (名称, 正文, 附件“通知.pdf”)."""

    where: str
    hit: Hit


def open_words(found: Iterable[Found], acknowledged: Iterable[str]) -> list[Found]:
    """The hits neither changed in the text nor acknowledged in this round, one per word and
    place. An acknowledgement covers its word wherever it appears."""
    done = set(acknowledged)
    seen: set[tuple[str, str]] = set()
    out = []
    for item in found:
        key = (item.where, item.hit.word)
        if item.hit.word in done or key in seen:
            continue
        seen.add(key)
        out.append(item)
    return out


def word_problems(found: Iterable[Found], acknowledged: Iterable[str]) -> list[str]:
    return [
        f"{item.where}中的{item.hit.message}（修改文字，或由审核人写明理由后确认）"
        for item in open_words(found, acknowledged)
    ]


def to_acknowledge(found: Iterable[Found], acknowledged: Iterable[str]) -> list[tuple[str, str]]:
    """(word, what the reviewer reads) for each open word, once, with every place it is in:
    acknowledging a word covers all of them."""
    places: dict[str, list[str]] = {}
    first: dict[str, Hit] = {}
    for item in open_words(found, acknowledged):
        places.setdefault(item.hit.word, []).append(item.where)
        first.setdefault(item.hit.word, item.hit)
    return [(word, f"{'、'.join(where)}：{first[word].message}") for word, where in places.items()]
