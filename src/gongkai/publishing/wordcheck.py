"""The 错敏词 check: every occurrence of every dictionary word in a text, in one pass.

The dictionary holds sensitive words, wrong forms of official names and titles (with the right
form) and obsolete names (with the current one). Matching is Aho-Corasick over characters, so
the cost is linear in the text whatever the size of the dictionary, and overlapping words are
all reported (a reviewer must see "国务院办公厅" and "办公厅" if both are listed).
"""

from __future__ import annotations

import enum
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass


class WordKind(enum.Enum):
    SENSITIVE = "sensitive"  # 敏感词: must not be published without a second look
    WRONG = "wrong"  # 错误表述: a wrong form of a name or title; the suggestion is the right one
    OBSOLETE = "obsolete"  # 过时名称: an old name of a body or a title; the suggestion is today's

    @property
    def label(self) -> str:
        return {"sensitive": "敏感词", "wrong": "错误表述", "obsolete": "过时名称"}[self.value]


@dataclass(frozen=True, slots=True)
class DictionaryWord:
    word: str
    kind: WordKind
    suggestion: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # index of the first character in the text
    end: int  # one past the last character
    word: str
    kind: WordKind
    suggestion: str

    @property
    def message(self) -> str:
        if self.suggestion:
            return f"{self.kind.label}“{self.word}”，建议改为“{self.suggestion}”"
        return f"{self.kind.label}“{self.word}”，请核实后再发布"


class Matcher:
    """Built once per dictionary; ``find`` is then safe to call from any thread."""

    def __init__(self, words: Iterable[DictionaryWord]) -> None:
        self._goto: list[dict[str, int]] = [{}]
        self._fail: list[int] = [0]
        self._out: list[list[DictionaryWord]] = [[]]
        seen: set[str] = set()
        for entry in words:
            if not entry.word or entry.word in seen:
                continue
            seen.add(entry.word)
            self._insert(entry)
        self._link()
        self.size = len(seen)

    def _insert(self, entry: DictionaryWord) -> None:
        state = 0
        for char in entry.word:
            nxt = self._goto[state].get(char)
            if nxt is None:
                nxt = len(self._goto)
                self._goto.append({})
                self._fail.append(0)
                self._out.append([])
                self._goto[state][char] = nxt
            state = nxt
        self._out[state].append(entry)

    def _link(self) -> None:
        # Breadth-first, so that a state's failure target is settled before its children's.
        queue = deque(self._goto[0].values())
        while queue:
            state = queue.popleft()
            for char, child in self._goto[state].items():
                queue.append(child)
                fallback = self._fail[state]
                while fallback and char not in self._goto[fallback]:
                    fallback = self._fail[fallback]
                target = self._goto[fallback].get(char, 0)
                self._fail[child] = target if target != child else 0
                self._out[child] = self._out[child] + self._out[self._fail[child]]

    def find(self, text: str) -> list[Hit]:
        hits: list[Hit] = []
        state = 0
        goto, fail, out = self._goto, self._fail, self._out
        for index, char in enumerate(text):
            while state and char not in goto[state]:
                state = fail[state]
            state = goto[state].get(char, 0)
            for entry in out[state]:
                start = index + 1 - len(entry.word)
                hits.append(Hit(start, index + 1, entry.word, entry.kind, entry.suggestion))
        hits.sort(key=lambda hit: (hit.start, -hit.end))
        return hits


@dataclass(frozen=True, slots=True)
class Segment:
    text: str
    hit: Hit | None = None


def segments(text: str, hits: Iterable[Hit]) -> list[Segment]:
    """The text cut into plain and marked pieces for display; of overlapping hits the one
    starting first (the longest among equals) is marked, the others are listed beside it."""
    pieces: list[Segment] = []
    cursor = 0
    for hit in sorted(hits, key=lambda h: (h.start, -h.end)):
        if hit.start < cursor:
            continue
        if hit.start > cursor:
            pieces.append(Segment(text[cursor : hit.start]))
        pieces.append(Segment(text[hit.start : hit.end], hit))
        cursor = hit.end
    if cursor < len(text):
        pieces.append(Segment(text[cursor:]))
    return pieces
