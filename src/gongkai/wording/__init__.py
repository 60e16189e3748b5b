"""The 错敏词 dictionary and its matcher, shared by the catalogue and the new-media posts.

Three kinds of entry: sensitive wording (敏感词) that must not appear as written, wrong forms
(错别字、不规范表述) with the right form, and obsolete names (机构、称谓已变更) with the current
name. The matcher finds every hit with its position and the suggestion, so a reviewer sees
each one in the draft. The built-in list is deliberately small and ordinary; an agency adds
its own entries (``Dictionary.extended``) from a file its office keeps.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cached_property
from importlib import resources
from typing import Any


class Kind(StrEnum):
    SENSITIVE = "sensitive"
    WRONG = "wrong"
    OBSOLETE = "obsolete"

    @property
    def label(self) -> str:
        return _KIND_LABELS[self]


_KIND_LABELS = {
    Kind.SENSITIVE: "敏感表述",
    Kind.WRONG: "错别字/不规范表述",
    Kind.OBSOLETE: "过时名称",
}


class DictionaryError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    kind: Kind
    suggestion: str = ""  # the right form; empty for sensitive wording with no fixed rewrite
    note: str = ""


@dataclass(frozen=True, slots=True)
class Hit:
    start: int  # character offset in the text
    end: int
    term: str
    kind: Kind
    suggestion: str
    note: str

    @property
    def message(self) -> str:
        advice = f"，建议改为“{self.suggestion}”" if self.suggestion else "，请核实并修改"
        return f"“{self.term}”（{self.kind.label}）{advice}"


class Dictionary:
    def __init__(self, entries: Iterable[Entry]) -> None:
        by_term: dict[str, Entry] = {}
        for entry in entries:
            if not entry.term.strip():
                raise DictionaryError("错敏词条目的词语不能为空")
            if entry.suggestion == entry.term:
                raise DictionaryError(f"错敏词“{entry.term}”的建议写法与原词相同")
            by_term[entry.term] = entry  # a later list overrides an earlier one
        self._entries = by_term

    def __len__(self) -> int:
        return len(self._entries)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(self._entries.values())

    def extended(self, entries: Iterable[Entry]) -> Dictionary:
        return Dictionary([*self._entries.values(), *entries])

    @cached_property
    def _pattern(self) -> re.Pattern[str] | None:
        if not self._entries:
            return None
        # Longest first, so a long wrong form wins over a shorter term inside it.
        terms = sorted(self._entries, key=lambda term: (-len(term), term))
        return re.compile("|".join(re.escape(term) for term in terms))

    def find(self, text: str) -> list[Hit]:
        """Every hit, left to right; overlapping terms give the longest one at each place."""
        if self._pattern is None:
            return []
        hits = []
        for match in self._pattern.finditer(text):
            entry = self._entries[match.group()]
            hits.append(
                Hit(
                    match.start(), match.end(), entry.term, entry.kind, entry.suggestion, entry.note
                )
            )
        return hits


def entries_from_json(data: Any, source: str = "词典") -> list[Entry]:
    if not isinstance(data, list):
        raise DictionaryError(f"{source}应为条目列表")
    out = []
    for number, item in enumerate(data, start=1):
        if not isinstance(item, Mapping) or not isinstance(item.get("term"), str):
            raise DictionaryError(f"{source}第 {number} 条缺少词语（term）")
        try:
            kind = Kind(item.get("kind", ""))
        except ValueError:
            raise DictionaryError(
                f"{source}第 {number} 条的类别“{item.get('kind')}”无效，"
                f"应为 sensitive、wrong 或 obsolete"
            ) from None
        out.append(
            Entry(
                term=item["term"],
                kind=kind,
                suggestion=str(item.get("suggestion", "")),
                note=str(item.get("note", "")),
            )
        )
    return out


def default_dictionary() -> Dictionary:
    raw = resources.files(__package__).joinpath("dictionary.json").read_text(encoding="utf-8")
    return Dictionary(entries_from_json(json.loads(raw), "内置错敏词词典"))
