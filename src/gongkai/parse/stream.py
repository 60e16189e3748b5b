"""Label-anchored reading: the rows of the tables found in one stream of characters.

A crawler's dump or a careless copy keeps the characters of a table but not its cells: the
whole body on one line, every cell glued to the next (``本年新收政府信息公开申请数量801000081``),
the item number of the next label glued to the last digits (``00000002.其他法律``), or a label
broken over two lines. Here the document is one string; the row keywords of ``labels`` are
searched in its *key* form (letters, digits and Han only, so line breaks, spaces and
punctuation inside a label do not matter), in the official order, and the characters between
one row's label and the next are that row's values. What the digits mean is decided later
(``glue``): this module only says which characters belong to which row.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from gongkai.parse import labels as L
from gongkai.parse.cells import Cell

_KEEP: Final = re.compile(r"[0-9A-Za-z\u3400-\u4dbf\u4e00-\u9fff]")
# A value in running text: a number (thousands separators allowed), or a mark for no number.
_TOKEN: Final = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|/|—+|-+")
_T4_KEYWORDS: Final = ("行政复议", "行政诉讼")
# Labels some reports print without their numbering, searched for only right after the row
# printed before them (总计 after （六）3.其他, 其他 after （六）2.), so that neither the header's
# 总计 nor the group label （六）其他处理 is taken for the row.
_BARE: Final = {
    "table3.total": ("总计", "table3.other_3"),
    "table3.other_3": ("其他", "table3.other_2"),
}
# Sentence punctuation (after NFKC: a comma not between digit groups, a full stop, ;).
_PROSE: Final = re.compile(r"[。;]|,(?!\d{3})|(?<!\d),")


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    touches_end: bool  # nothing but spaces follows it: the text may have been cut inside it


@dataclass(frozen=True, slots=True)
class StreamRow:
    path: str
    width: int
    found: bool
    tokens: tuple[Token, ...] = ()
    reaches_end: bool = False  # the text ends inside this row's values


@dataclass(frozen=True, slots=True)
class StreamReading:
    rows: dict[str, StreamRow]
    ends_after: str | None  # the last row whose label was found, when the text is cut


@dataclass(frozen=True, slots=True)
class _Stream:
    text: str
    key: str
    at: tuple[int, ...]  # position in ``text`` of each character of ``key``

    def text_pos(self, key_pos: int) -> int:
        return self.at[key_pos] if key_pos < len(self.at) else len(self.text)


def _stream(cells: Sequence[Cell]) -> _Stream:
    parts: list[str] = []
    row = None
    for c in cells:
        if not c.text:
            parts.append("\t")
            continue
        if row is not None:
            parts.append("\n" if c.row != row else "\t")
        parts.append(c.text)
        row = c.row
    text = "".join(parts)
    at = tuple(m.start() for m in _KEEP.finditer(text))
    key = "".join(text[i] for i in at)
    return _Stream(text, key, at)


def _first(key: str, needles: Sequence[str], start: int, stop: int) -> tuple[int, str] | None:
    best: tuple[int, str] | None = None
    for needle in needles:
        at = key.find(needle, start, stop)
        if at >= 0 and (best is None or at < best[0]):
            best = (at, needle)
    return best


def _label_start(s: _Stream, spec: L.RowSpec, at: int, word: str) -> int:
    """Where the label begins: the keyword, extended back over the part of the official label
    printed before it (the item number ``2.`` glued to the previous row's digits)."""
    offset = spec.label.find(word)
    prefix = spec.label[:offset] if offset > 0 else ""
    for size in range(len(prefix), 0, -1):
        if at - size >= 0 and s.key[at - size : at] == prefix[-size:]:
            return at - size
    return at


_HAN: Final = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
_ITEM_NUMBER: Final = re.compile(r"\d[.、][\u3400-\u4dbf\u4e00-\u9fff]")


def _unknown_label(s: _Stream, start: int, stop: int) -> bool:
    """Label text between two numbers of a row, or an item number ("2.申请…") after them."""
    chunk = s.text[start:stop]
    numbers = [m for m in _TOKEN.finditer(chunk)]
    if not numbers:
        return False
    between = chunk[numbers[0].end() : numbers[-1].start()]
    return bool(_HAN.search(between) or _ITEM_NUMBER.search(chunk, numbers[-1].end() - 1))


def _tokens(s: _Stream, start: int, stop: int) -> tuple[Token, ...]:
    chunk = s.text[start:stop]
    out: list[Token] = []
    for m in _TOKEN.finditer(chunk):
        rest = chunk[m.end() :]
        # Nothing but punctuation after it before the text ends: the text may stop inside
        # it, or it may hold the item number of a label the cut took away ("…82." of "2.").
        ends = stop >= len(s.text) and not _KEEP.search(rest)
        out.append(Token(m.group(0), touches_end=ends))
    return tuple(out)


def _labels(
    s: _Stream, specs: Sequence[L.RowSpec], start: int, stop: int
) -> list[tuple[L.RowSpec, int, int]]:
    """Each row label found between key positions ``start`` and ``stop``, in the official
    order: the spec, where the label starts and where its keyword ends."""
    found: list[tuple[L.RowSpec, int, int]] = []
    cursor = start
    for spec in specs:
        words = spec.keywords
        bare = _BARE.get(spec.path)
        if bare and found and found[-1][0].path == bare[1]:
            words = (*words, bare[0])
        hit = _first(s.key, words, cursor, stop)
        if hit is None:
            continue
        at, word = hit
        end = at + len(word)
        offset = spec.label.find(word)
        rest = spec.label[offset + len(word) :] if offset >= 0 else ""
        if rest and s.key.startswith(rest, end):
            end += len(rest)  # the rest of the official label (部分公开（区分处理的，…）)
        found.append((spec, _label_start(s, spec, at, word), end))
        cursor = end
    return found


def _assign(
    s: _Stream,
    specs: Sequence[L.RowSpec],
    found: Sequence[tuple[L.RowSpec, int, int]],
    stop: int,
    rows: dict[str, StreamRow],
) -> None:
    for i, (spec, _, end) in enumerate(found):
        value_end = found[i + 1][1] if i + 1 < len(found) else stop
        text_start, text_stop = s.text_pos(end), s.text_pos(value_end)
        tokens = _tokens(s, text_start, text_stop)
        if _PROSE.search(s.text, text_start, text_stop) or _unknown_label(s, text_start, text_stop):
            # A sentence between a label and the next: the keyword was met in the narrative
            # (规章制度…), and its numbers are not this row's. Or a label not recognised: the
            # numbers after it, and its item number glued to ours, are not this row's.
            tokens = ()
        rows[spec.path] = StreamRow(
            spec.path, spec.width, True, tokens, reaches_end=text_stop >= len(s.text)
        )
    for spec in specs:
        rows.setdefault(spec.path, StreamRow(spec.path, spec.width, False))


def read_stream(cells: Sequence[Cell]) -> StreamReading:
    s = _stream(cells)
    end = len(s.key)
    rows: dict[str, StreamRow] = {}
    t2 = _first(s.key, L.T2_START, 0, end)
    t2_start = t2[0] if t2 else 0
    t3 = _first(s.key, L.T3_START, t2_start, end)
    if t3 is None:
        t3 = _first(s.key, (L.T3_START_ROW,), t2_start, end)
    t3_start = t3[0] if t3 else end
    five = _first(s.key, L.SECTION_FIVE, t3_start, end)
    t5 = five[0] if five else end
    found2 = _labels(s, L.T2_ROWS, t2_start, t3_start) if t2 else []
    _assign(s, L.T2_ROWS, found2, t3_start, rows)
    found3 = _labels(s, L.T3_ROWS, t3_start, t5) if t3 else []
    after3 = found3[-1][2] if found3 else t3_start
    t4 = _first(s.key, _T4_KEYWORDS, after3, t5) if found3 else None
    t4_start = t4[0] if t4 else t5
    _assign(s, L.T3_ROWS, found3, t4_start, rows)
    if t4 is None:
        rows["table4"] = StreamRow("table4", 15, False)
    else:
        # The header of table 四 holds no digits; its values are every token before 五.
        tokens = _tokens(s, s.text_pos(t4_start), s.text_pos(t5))
        rows["table4"] = StreamRow("table4", 15, True, tokens, reaches_end=five is None)
    ends_after = None
    if five is None and any(r.reaches_end for r in rows.values()):
        last = [p for p, r in rows.items() if r.found]
        ends_after = last[-1] if last else None
    return StreamReading(rows, ends_after)
