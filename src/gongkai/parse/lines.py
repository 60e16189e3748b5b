"""Lines of plain text into rows of cells.

A copied web table arrives in one of a few shapes: tab-separated rows, pipe-separated rows
(``规章 | 0 | 0 | 0 |``), one cell per line ending in a pipe (``0 |``), one cell per line with
or without blank lines between, or a label followed by its numbers separated by spaces (text
taken from a PDF). Blank lines separate cells, they are never cells themselves; an empty cell
exists only where a delimiter says so.
"""

from __future__ import annotations

import re
from typing import Final

from gongkai.parse.cells import is_value_token

Row = list[str]

_SPACES: Final = re.compile(r"[ \t\u00a0\u2002\u2003\u3000]+")
_PIPES: Final = str.maketrans({"｜": "|", "│": "|", "¦": "|"})
# Labels before trailing numbers are short; a long line ending in a number is prose.
_MAX_LABEL_BEFORE_NUMBERS: Final = 60
_GLUED: Final = re.compile(r"(.*[\u4e00-\u9fff）)])(\d+(?:\.\d+)?)")
_SENTENCE: Final = re.compile(r"[。，；,;：:、]|\d")


def split_line(line: str) -> Row:
    line = line.translate(_PIPES)
    if "\t" in line:
        cells = line.split("\t")
    elif "|" in line:
        cells = _pipe_cells(line)
    else:
        return _space_cells(line)
    out: Row = []
    for cell in cells:
        out.extend(_numbers_in_cell(cell))
    return out


def _pipe_cells(line: str) -> Row:
    pieces = line.split("|")
    if len(pieces) > 1 and not pieces[0].strip():
        pieces = pieces[1:]  # a leading border: "| a | b |"
    if pieces and not pieces[-1].strip():
        pieces = pieces[:-1]  # the terminator of the last cell: "a |"
    return pieces


def _numbers_in_cell(cell: str) -> Row:
    """A cell holding several numbers separated by spaces holds that many cells."""
    tokens = _SPACES.split(cell.strip())
    if len(tokens) > 1 and all(is_value_token(t) for t in tokens):
        return tokens
    return [cell]


def _space_cells(line: str) -> Row:
    tokens = [t for t in _SPACES.split(line.strip()) if t]
    if tokens and len(tokens[0]) <= _MAX_LABEL_BEFORE_NUMBERS:
        glued = _GLUED.fullmatch(tokens[0])
        if glued and not _SENTENCE.search(glued.group(1)):
            # PDF text can lose the gap between a label and its first number: 行政许可16.
            tokens[0:1] = [glued.group(1), glued.group(2)]
    if len(tokens) < 2:
        return [line]
    trailing = 0
    while trailing < len(tokens) and is_value_token(tokens[-1 - trailing]):
        trailing += 1
    if trailing == 0:
        return [line]
    if trailing == len(tokens):
        return tokens
    label = " ".join(tokens[: len(tokens) - trailing])
    if len(label) > _MAX_LABEL_BEFORE_NUMBERS:
        return [line]
    return [label, *tokens[len(tokens) - trailing :]]


def text_rows(text: str) -> list[Row]:
    return [split_line(line) for line in text.splitlines() if line.strip()]
