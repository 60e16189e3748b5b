"""Character-bigram tokens for Chinese full-text search (stack.md §6).

Each run of Han characters becomes its overlapping two-character pieces, so a two-character
word such as 公开 or 申请 is one token and every longer word is a sequence of tokens. SQLite
FTS5 searches a longer word as a phrase of its bigrams: exactly the texts that contain it as
a substring, as LIKE would, but from an inverted index. PostgreSQL's GIN index searches it as
the conjunction of its bigrams, without positions (``Query.tsquery``): checking a phrase would
make PostgreSQL open every candidate row's positions, the cost that kept search far from its
target with 200,000 entries. A text holding every bigram of a word but not in a row matches
too; ``contains_terms`` tells such a text apart where it is shown. Latin letters and digits
stay whole words, lower-cased.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUN = re.compile(rf"[{_HAN}]+|[0-9A-Za-z]+")


def tokens(text: str) -> list[str]:
    found: list[str] = []
    for match in _RUN.finditer(text):
        run = match.group(0)
        if run[0].isascii():
            found.append(run.lower())
        elif len(run) == 1:
            found.append(run)
        else:
            found.extend(run[i : i + 2] for i in range(len(run) - 1))
    return found


def index_text(*parts: str) -> str:
    """What is stored in the search column: the tokens of all parts, space-separated."""
    return " ".join(token for part in parts for token in tokens(part))


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[str, ...]  # the words as typed, for highlighting
    phrases: tuple[tuple[str, ...], ...]  # each term's tokens, matched as a phrase

    @property
    def is_empty(self) -> bool:
        return not self.phrases

    def fts5(self) -> str:
        """An FTS5 MATCH expression: every term as a quoted phrase, all required."""
        return " AND ".join('"' + " ".join(phrase) + '"' for phrase in self.phrases)

    def tsquery(self, *facets: str) -> str:
        """A PostgreSQL tsquery literal: every term's bigrams and every facet, all required
        (cast with ``::tsquery``, which compares the tokens exactly as they were stored)."""
        wanted = [token for phrase in self.phrases for token in phrase]
        return " & ".join(f"'{token}'" for token in dict.fromkeys([*wanted, *facets]))


def contains_terms(text: str, terms: tuple[str, ...]) -> bool:
    """Whether ``text`` holds every term's runs as substrings (Latin case-insensitively), the
    exact test behind the bigram conjunction of ``Query.tsquery``."""
    lowered = text.lower()
    return all(run.lower() in lowered for term in terms for run in _RUN.findall(term))


def parse_query(raw: str) -> Query:
    """Space-separated terms, all required; punctuation separates too."""
    terms: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for term in raw.split():
        pieces = tokens(term)
        if pieces:
            terms.append(term)
            phrases.append(tuple(pieces))
    return Query(tuple(terms), tuple(phrases))


@dataclass(frozen=True, slots=True)
class Piece:
    text: str
    marked: bool


def highlight(text: str, terms: tuple[str, ...]) -> list[Piece]:
    """The text cut into pieces, those equal to a query term (case-insensitively) marked."""
    words = sorted({t for t in terms if t}, key=len, reverse=True)
    if not words or not text:
        return [Piece(text, False)] if text else []
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    pieces: list[Piece] = []
    cursor = 0
    for match in pattern.finditer(text):
        if match.start() > cursor:
            pieces.append(Piece(text[cursor : match.start()], False))
        pieces.append(Piece(match.group(0), True))
        cursor = match.end()
    if cursor < len(text):
        pieces.append(Piece(text[cursor:], False))
    return pieces


def excerpt(text: str, terms: tuple[str, ...], width: int = 120) -> str:
    """About ``width`` characters of ``text`` around the first match (the start if none)."""
    lowered = text.lower()
    positions = [p for p in (lowered.find(t.lower()) for t in terms if t) if p >= 0]
    if not positions or len(text) <= width:
        return text[:width] + ("…" if len(text) > width else "")
    start = max(0, min(positions) - width // 3)
    end = min(len(text), start + width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


# Filter values are indexed as tokens of their own column, so that the full-text index itself
# narrows a search by agency, year, category and validity. The prefix keeps them apart from
# any word of a text (texts are indexed in other columns, so they could not match anyway).
FACET_PREFIX = "zz"


def facet(kind: str, value: object) -> str:
    """One facet token: ``facet("y", 2024)`` → ``zzy2024``; kinds a, y, c, v."""
    token = f"{FACET_PREFIX}{kind}{value}".lower()
    if not token.isascii() or not token.isalnum():
        raise ValueError(f"a facet must be ASCII letters and digits: {token!r}")
    return token


def facets(*, agency: int, year: int | None, categories: tuple[int, ...], validity: str) -> str:
    parts = [facet("a", agency), facet("v", validity)]
    if year is not None:
        parts.append(facet("y", year))
    parts += [facet("c", category) for category in categories]
    return " ".join(parts)
