"""Tokens for Chinese full-text search (stack.md §6), in two schemes.

Bigrams (SQLite FTS5): each run of Han characters becomes its overlapping two-character
pieces, so a two-character word such as 公开 or 申请 is one token and every longer word is a
phrase of tokens: the index then finds exactly the texts that contain the query as a
substring, as LIKE would, but from an inverted index.

Grams (PostgreSQL GIN): each run becomes the set of its pieces of two, three and four
characters, without positions. A query word of up to four characters is then one token, and
a GIN index answers "which texts contain it" by itself: no phrase to check against each
text's positions, which would make PostgreSQL read every candidate row (the cost that kept
search p95 far above 50 ms with 200,000 entries). A longer word needs all its four-character
pieces; a text holding them all but not in a row would also match, which real words make
vanishingly rare.

In both schemes a one-character run is its own token, and Latin letters and digits stay
whole words, lower-cased.
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


GRAM_SIZES = (2, 3, 4)


def _run_grams(run: str) -> list[str]:
    if run[0].isascii():
        return [run.lower()]
    if len(run) == 1:
        return [run]
    return [run[i : i + n] for n in GRAM_SIZES for i in range(len(run) - n + 1)]


def grams(*parts: str) -> list[str]:
    """The distinct gram tokens of all parts, sorted (the same text gives the same column)."""
    found = {gram for part in parts for m in _RUN.finditer(part) for gram in _run_grams(m[0])}
    return sorted(found)


def grams_text(*parts: str) -> str:
    return " ".join(grams(*parts))


def query_grams(term: str) -> list[str]:
    """The tokens a text must all hold to contain ``term``: the word itself up to four
    characters, its four-character pieces beyond."""
    found: list[str] = []
    for m in _RUN.finditer(term):
        run = m[0]
        if run[0].isascii() or len(run) <= GRAM_SIZES[-1]:
            found.append(run.lower())
        else:
            width = GRAM_SIZES[-1]
            found.extend(run[i : i + width] for i in range(len(run) - width + 1))
    return list(dict.fromkeys(found))


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
        """A PostgreSQL tsquery literal over gram tokens (cast with ``::tsquery``, which does
        not normalise: the tokens are compared exactly as ``grams`` stored them)."""
        wanted = [gram for term in self.terms for gram in query_grams(term)]
        return " & ".join(f"'{token}'" for token in dict.fromkeys([*wanted, *facets]))


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
