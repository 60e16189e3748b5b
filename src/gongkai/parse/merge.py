"""The label-anchored stream reading, filling the rows the cell-by-cell reading missed.

The cell reader is right wherever the source keeps its cells (tabs, pipes, HTML and Word
tables, PDF rules). Where it found no label or could not split a run, the stream reading
(``stream`` + ``glue``) takes over for that row, with the rows already read taking part in
the sums that decide how glued digits are cut.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final

from gongkai.parse.cells import Cell, Reason, Slot
from gongkai.parse.glue import Candidate, Claim, resolve
from gongkai.parse.prose import Claim as ProseClaim
from gongkai.parse.stream import StreamReading, read_stream
from gongkai.parse.tables import Reading

# Rows the cell reader has nothing for: the stream reading may do better. "Blank" too: a
# label cell naming several rows is taken to mean the earlier rows were left blank, which
# is wrong when the digits are glued inside that very cell; the stream then has them.
_MISSED: Final = frozenset(
    {Reason.NOT_FOUND, Reason.NO_TABLE, Reason.CUT, Reason.AMBIGUOUS, Reason.BLANK}
)
_CELL: Final = re.compile(r"(table3\.\w+|table4)\[(\d+)\]")
_C: Final = r"[^。；;，,\d]"  # within one clause, no other number
# Table 二 has no sums; what the narrative says of the normative documents breaks ties.
_T2_CLAIMS: Final = (
    (re.compile(rf"(?:本年|本年度|全年|年内){_C}{{0,6}}?制发{_C}{{0,8}}?规范性文件(\d+)件"), 0),
    (re.compile(rf"废止{_C}{{0,8}}?规范性文件(\d+)件"), 1),
    (re.compile(rf"现行有效{_C}{{0,8}}?规范性文件(\d+)件"), 2),
)


def _missed(slots: Sequence[Slot]) -> bool:
    return all(s.value is None and s.reason in _MISSED for s in slots)


def claims_for_glue(claims: Sequence[ProseClaim], prose: Sequence[str] = ()) -> list[Claim]:
    out: list[Claim] = []
    for text in prose:
        compact = text.replace(" ", "")
        for pattern, index in _T2_CLAIMS:
            out.extend(
                Claim("table2.normative_documents", (index,), int(m.group(1)))
                for m in pattern.finditer(compact)
            )
    for claim in claims:
        cells = [_CELL.fullmatch(c) for c in claim.cells]
        if not all(cells) or claim.value != int(claim.value):
            continue
        paths = {m.group(1) for m in cells if m}
        if len(paths) == 1:
            indices = tuple(int(m.group(2)) for m in cells if m)
            out.append(Claim(paths.pop(), indices, int(claim.value)))
    return out


def fill_from_stream(
    reading: Reading,
    cells: Sequence[Cell],
    claims: Sequence[ProseClaim],
    prose: Sequence[str] = (),
) -> StreamReading:
    stream = read_stream(cells)
    fixed: dict[str, Candidate] = {}
    open_rows = {}
    for path, slots in reading.slots.items():
        row = stream.rows.get(path)
        if _missed(slots) and row is not None and row.found and row.tokens:
            open_rows[path] = row
        elif all(s.value is not None or s.reason is not None for s in slots):
            fixed[path] = tuple(s.value for s in slots)
    if not open_rows:
        return stream
    resolved = resolve({**open_rows}, fixed, claims_for_glue(claims, prose))
    reading.glued.extend(resolved.split)
    for path, slots in resolved.slots.items():
        reading.slots[path] = slots
        reading.notes.pop(path, None)
        if path in resolved.notes:
            reading.notes[path] = resolved.notes[path]
    return stream
