"""Glued digits, resolved by the report's own arithmetic.

A crawled table loses its cell borders: ``220000022`` is 22, 0, 0, 0, 0, 0, 22 and
``77132470`` is 77, 132, 470. Every way of cutting a row's runs into its cells (no number
written with a leading zero) is a *candidate*. A candidate survives when it satisfies the
constraints it takes part in: the row total (表三 总计 = the six columns), table 四's group
totals, the column sums (本年度办理结果 = the outcome rows), the balance (新收 + 结转 = 办理结果 +
结转下年) and the numbers the narrative states. Each cell on which all surviving combinations
agree is read; a cell on which they disagree is null, with the candidates in a note; a row
with no surviving candidate is null, with a note. A number no constraint supports is never
read: for a consistent report the true cut is always among the survivors, so a cell they
agree on is the printed one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Final

from gongkai.parse.cells import Reason, Slot, read_number
from gongkai.parse.stream import StreamRow, Token
from gongkai.report import format2021 as f

Value = int | Decimal | None
Candidate = tuple[Value, ...]
Check = Callable[[Candidate], bool]

_MARK: Final = {"/": Reason.SLASH}
_LONGEST_PART: Final = 7  # digits in one cell: no count in a report reaches ten million
_MAX_CANDIDATES: Final = 5000  # per row; a row with more is left null as ambiguous
_MAX_COMBINATIONS: Final = 200_000
_MAX_STEPS: Final = 30_000  # search steps per glued row
_FEW_EXTRA_DIGITS: Final = 2  # a run this much longer than its cells has few cuts
_SHOWN: Final = 6


@dataclass(slots=True)
class Resolved:
    slots: dict[str, tuple[Slot, ...]] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    split: list[str] = field(default_factory=list)  # rows cut the one way the sums allow


@dataclass(frozen=True, slots=True)
class Claim:
    """A number the narrative states: the sum of cells ``indices`` of row ``path``."""

    path: str
    indices: tuple[int, ...]
    value: int


def _is_mark(text: str) -> bool:
    return not text[0].isdigit()


def _mark_slot(text: str) -> Slot:
    return Slot(None, Reason.SLASH if text == "/" else Reason.DASH)


def _splits(run: str, n: int) -> Iterator[tuple[int, ...]]:
    """Every way to cut a run of digits into ``n`` numbers without leading zeros."""
    if n == 1:
        if run and len(run) <= _LONGEST_PART and (run == "0" or run[0] != "0"):
            yield (int(run),)
        return
    if len(run) < n:
        return
    longest = 1 if run[0] == "0" else min(_LONGEST_PART, len(run) - n + 1)
    for size in range(1, longest + 1):
        head = int(run[:size])
        for rest in _splits(run[size:], n - 1):
            yield (head, *rest)


def _valid(part: str) -> bool:
    return 0 < len(part) <= _LONGEST_PART and (part == "0" or part[0] != "0")


class _Budget:
    """Steps a row's search may take (a row needing more is left null as ambiguous), and the
    cuts already worked out for a piece of the run: the same suffix, count and sum recur."""

    def __init__(self, steps: int) -> None:
        self.left = steps
        self.memo: dict[tuple[str, int, int], tuple[tuple[int, ...], ...]] = {}

    def spend(self) -> None:
        self.left -= 1
        if self.left < 0:
            raise _TooMany


class _TooMany(Exception):
    pass


def _sum_splits(run: str, n: int, target: int, budget: _Budget) -> tuple[tuple[int, ...], ...]:
    """Cuts of a run into ``n`` numbers adding up to ``target``.

    First, for every prefix of the run and every number of parts, the set of sums its cuts can
    reach; then only the cuts that can still reach the target are walked, so the work follows
    the answers, not the ways to cut."""
    if n == 1:
        return ((target,),) if _valid(run) and int(run) == target else ()
    if target == 0:  # only zeros add up to nothing
        return ((0,) * n,) if len(run) == n and not run.strip("0") else ()
    # No part exceeds the target, so none has more digits than it; and no cut adds up to
    # less than the run's digits added one by one (int("ab") >= a + b).
    width = len(str(target))
    if not n - 1 < len(run) <= n * width or _digit_sum(run) > target:
        return ()
    if len(run) - n <= _FEW_EXTRA_DIGITS:  # few ways to cut: try them all
        return tuple(c for c in _splits(run, n) if sum(c) == target)
    memo_key = (run, n, target)
    known = budget.memo.get(memo_key)
    if known is not None:
        return known
    size = len(run)
    # most[m][i]: the largest sum of a cut of run[i:] into m parts (-1: none), so that a
    # prefix keeps only the sums the rest of the run can still top up to the target.
    most = [[-1] * (size + 1) for _ in range(n + 1)]
    most[0][size] = 0
    for m in range(1, n + 1):
        for i in range(size - 1, -1, -1):
            best = -1
            for j in range(i + 1, min(size, i + width) + 1):
                if most[m - 1][j] >= 0 and (run[i] != "0" or j - i == 1):
                    value = int(run[i:j])
                    if value <= target:
                        best = max(best, value + most[m - 1][j])
            most[m][i] = best
    suffix = [0] * (size + 1)  # the least sum of a cut of run[i:]: its digits one by one
    for i in range(size - 1, -1, -1):
        suffix[i] = suffix[i + 1] + _DIGIT_VALUE[run[i]]
    # reach[k][i]: the sums of the cuts of run[:i] into k parts that can still reach the target
    reach: list[list[set[int]]] = [[set() for _ in range(size + 1)] for _ in range(n + 1)]
    reach[0][0].add(0)
    for k in range(1, n + 1):
        row, prev = reach[k], reach[k - 1]
        for i in range(k, size + 1):
            top = most[n - k][i]
            if top < 0:
                continue
            low, high = target - top, target - suffix[i]
            sums = row[i]
            for j in range(max(k - 1, i - width), i):
                if prev[j] and (run[j] != "0" or i - j == 1):
                    value = int(run[j:i])
                    if value <= target:
                        sums.update(t + value for t in prev[j] if low <= t + value <= high)
        budget.spend()
    if target not in reach[n][size]:
        budget.memo[memo_key] = ()
        return ()
    out: list[tuple[int, ...]] = []

    def walk(k: int, i: int, left: int, tail: tuple[int, ...]) -> None:
        if k == 0:
            if i == 0 and left == 0:
                out.append(tail)
                if len(out) > _MAX_CANDIDATES:
                    raise _TooMany
            return
        for j in range(max(k - 1, i - width), i):
            part = run[j:i]
            if part[0] == "0" and len(part) > 1:
                continue
            value = int(part)
            if value <= left and left - value in reach[k - 1][j]:
                budget.spend()
                walk(k - 1, j, left - value, (value, *tail))

    walk(n, size, target, ())
    found = tuple(out)
    budget.memo[memo_key] = found
    return found


_DIGIT_VALUE: Final = {str(d): d for d in range(10)}


def _digit_sum(run: str) -> int:
    return sum(_DIGIT_VALUE[ch] for ch in run)


def _total_splits(run: str, n: int, budget: _Budget) -> Iterator[tuple[int, ...]]:
    """Cuts of a run into ``n`` numbers whose last is the sum of the others (a total)."""
    for size in range(1, min(_LONGEST_PART, len(run) - n + 1) + 1):
        tail = run[len(run) - size :]
        if _valid(tail):
            for head in _sum_splits(run[: len(run) - size], n - 1, int(tail), budget):
                yield (*head, int(tail))


def _group_splits(run: str, groups: int, size: int, budget: _Budget) -> Iterator[tuple[int, ...]]:
    """Cuts of a run into ``groups`` groups of ``size`` cells, each ending in its total."""
    if groups == 0:
        if not run:
            yield ()
        return
    # The last group takes the rest of the run; the others leave at least a digit a cell.
    shortest = len(run) if groups == 1 else size
    longest = min(len(run) - size * (groups - 1), size * _LONGEST_PART)
    for length in range(shortest, longest + 1):
        for parts in _total_splits(run[:length], size, budget):
            for rest in _group_splits(run[length:], groups - 1, size, budget):
                yield (*parts, *rest)


def _row_total(c: Candidate) -> bool:
    # A cell marked "/" takes no part in the sum, so the row total cannot check it.
    return not _ints(c) or sum(c[:-1]) == c[-1]  # type: ignore[arg-type]


# Reports repeat the same rows (0000000, 1000001) thousands of times in a batch.
@lru_cache(maxsize=1 << 14)
def _run_candidates(run: str, n: int, totals: int) -> tuple[Candidate, ...] | None:
    out: list[Candidate] = []
    try:
        for c in _group_splits(run, totals, n // totals, _Budget(_MAX_STEPS)):
            out.append(c)
            if len(out) > _MAX_CANDIDATES:
                return None
    except _TooMany:
        return None
    return tuple(out)


def _candidates(tokens: Sequence[Token], n: int, totals: int) -> list[Candidate] | None:
    """All candidates of a row, or None when there are too many to weigh. ``totals``: the
    number of groups ending in their total (table 三: one; table 四: three; table 二: none),
    used to prune while cutting a single glued run."""
    if totals and len(tokens) == 1 and tokens[0].text.isdigit() and n > 1:
        found = _run_candidates(tokens[0].text, n, totals)
        return None if found is None else list(found)
    pieces: list[list[tuple[Value, ...]]] = []
    for t in tokens:
        if _is_mark(t.text):
            pieces.append([(None,)])
        elif not t.text.isdigit():
            pieces.append([(read_number(t.text),)])
        else:
            pieces.append([])  # filled below once the number of cells per token is known
    runs = [i for i, t in enumerate(tokens) if t.text.isdigit()]
    spare = n - len(tokens)
    if spare < 0:
        return []
    out: list[Candidate] = []
    for extra in _distributions(spare, len(runs)):
        options: list[list[tuple[Value, ...]]] = list(pieces)
        for i, more in zip(runs, extra, strict=True):
            options[i] = list(_splits(tokens[i].text, 1 + more))
        for combo in itertools.product(*options):
            out.append(tuple(v for part in combo for v in part))
            if len(out) > _MAX_CANDIDATES:
                return None
    return out


def _distributions(total: int, slots: int) -> Iterator[tuple[int, ...]]:
    if slots == 0:
        if total == 0:
            yield ()
        return
    for first in range(total + 1):
        for rest in _distributions(total - first, slots - 1):
            yield (first, *rest)


def _describe(c: Candidate) -> str:
    return "、".join("空" if v is None else str(v) for v in c)


def _agreed(path: str, run: str, cands: Sequence[Candidate], n: int, out: Resolved) -> None:
    """The cells every candidate agrees on; the others null, with the candidates noted."""
    if not cands:
        out.slots[path] = (Slot(None, Reason.AMBIGUOUS),) * n
        out.notes[path] = f"连写的数字“{run}”没有一种拆法能满足表内的合计关系，未读取"
        return
    slots: list[Slot] = []
    for i in range(n):
        values = {c[i] for c in cands}
        if len(values) == 1:
            v = next(iter(values))
            slots.append(Slot(v) if v is not None else Slot(None, Reason.SLASH))
        else:
            slots.append(Slot(None, Reason.AMBIGUOUS))
    out.slots[path] = tuple(slots)
    if len(cands) == 1:
        if len(run.split(" ")) < n:
            out.split.append(path)
        return
    shown = "；".join(_describe(c) for c in cands[:_SHOWN])
    more = "……" if len(cands) > _SHOWN else ""
    out.notes[path] = (
        f"连写的数字“{run}”有 {len(cands)} 种拆法都符合表内的数量关系（{shown}{more}），"
        "各种拆法不一致的格记为 null，请对照原文填写"
    )


def _cut_row(row: StreamRow, separated: bool) -> tuple[Slot, ...]:
    """A row the text ends in: the token touching the end may be cut inside; the complete
    tokens before it are cells only when the document separates its cells."""
    n = row.width
    tokens = [t for t in row.tokens if not t.touches_end or t.text == "0"]
    if not separated or len(tokens) >= n:
        return (Slot(None, Reason.CUT),) * n
    slots = [_mark_slot(t.text) if _is_mark(t.text) else Slot(read_number(t.text)) for t in tokens]
    return (*slots, *([Slot(None, Reason.CUT)] * (n - len(slots))))


def resolve(
    rows: Mapping[str, StreamRow],
    fixed: Mapping[str, Candidate],
    claims: Sequence[Claim] = (),
) -> Resolved:
    """Slots for the stream rows not in ``fixed`` (rows already read cell by cell, whose
    values take part in the sums)."""
    out = Resolved()
    separated = _separated(rows)
    cands: dict[str, list[Candidate] | None] = {}
    runs: dict[str, str] = {}
    for path, row in rows.items():
        if path in fixed or not row.found:
            continue
        if row.reaches_end and row.tokens and row.tokens[-1].touches_end:
            out.slots[path] = _cut_row(row, separated)
            continue
        if not row.tokens:
            out.slots[path] = (Slot(None, Reason.BLANK),) * row.width
            continue
        runs[path] = " ".join(t.text for t in row.tokens)
        totals = 3 if path == "table4" else (1 if path.startswith("table3.") else 0)
        found = _candidates(row.tokens, row.width, totals)
        glued = len(row.tokens) < row.width
        if found is not None and glued and totals:
            size = row.width // totals
            found = [
                c for c in found if all(_row_total(c[g : g + size]) for g in range(0, len(c), size))
            ]
        cands[path] = found
    known: dict[str, list[Candidate]] = {p: [c] for p, c in fixed.items()}
    for path, found in cands.items():
        if found is None:
            out.slots[path] = (Slot(None, Reason.AMBIGUOUS),) * rows[path].width
            out.notes[path] = f"连写的数字“{runs[path]}”拆法太多，无法判断，未读取"
        else:
            known[path] = _by_claims(path, found, claims)
    _joint_table3(known, cands)
    for path in cands:
        if path in known and path not in fixed:
            _agreed(path, runs[path], known[path], rows[path].width, out)
    return out


def _by_claims(path: str, found: list[Candidate], claims: Sequence[Claim]) -> list[Candidate]:
    kept = found
    for claim in claims:
        if claim.path == path:
            narrowed = [c for c in kept if _sum(c, claim.indices) == claim.value]
            kept = narrowed or kept  # the narrative may be wrong; it only breaks ties
    return kept


def _sum(c: Candidate, indices: Sequence[int]) -> Value:
    values = [c[i] for i in indices]
    return sum(v for v in values if isinstance(v, int)) if _ints(tuple(values)) else None


_OUTCOMES: Final = tuple(f"table3.{k}" for k in f.OUTCOME_KEYS)
_BALANCE: Final = ("table3.new", "table3.carried", "table3.total", "table3.carry_next")


def _joint_table3(known: dict[str, list[Candidate]], cands: Mapping[str, object]) -> None:
    """Narrow the ambiguous rows of table 三 to the combinations satisfying the column sums
    and the balance; left as they are when no combination does (the report itself is wrong)."""
    checks: list[tuple[tuple[str, ...], Callable[[Mapping[str, Candidate]], bool]]] = []
    outcome_rows = (*_OUTCOMES, "table3.total")
    if all(known.get(p) for p in outcome_rows):
        checks.append((outcome_rows, _column_sums))
    if all(known.get(p) for p in _BALANCE):
        checks.append((_BALANCE, _balance))
    involved = {p for rows, _ in checks for p in rows}
    ambiguous = [p for p in cands if p in involved and len(known[p]) > 1]
    if not ambiguous or not checks:
        return
    size = 1
    for p in ambiguous:
        size *= len(known[p])
    if size > _MAX_COMBINATIONS:
        return
    kept: dict[str, set[Candidate]] = {p: set() for p in ambiguous}
    base = {p: known[p][0] for p in involved}
    for combo in itertools.product(*(known[p] for p in ambiguous)):
        values = dict(base)
        values.update(zip(ambiguous, combo, strict=True))
        if all(check(values) for _, check in checks):
            for p, c in zip(ambiguous, combo, strict=True):
                kept[p].add(c)
    if any(kept.values()):
        for p in ambiguous:
            known[p] = [c for c in known[p] if c in kept[p]]


def _ints(c: Candidate) -> bool:
    return all(isinstance(v, int) for v in c)


def _column_sums(v: Mapping[str, Candidate]) -> bool:
    rows = [v[p] for p in _OUTCOMES]
    total = v["table3.total"]
    if not all(_ints(r) for r in (*rows, total)):
        return True
    return all(sum(r[j] for r in rows) == total[j] for j in range(f.T3_WIDTH))  # type: ignore[misc]


def _balance(v: Mapping[str, Candidate]) -> bool:
    new, carried, total, nxt = (v[p] for p in _BALANCE)
    if not all(_ints(r) for r in (new, carried, total, nxt)):
        return True
    return all(new[j] + carried[j] == total[j] + nxt[j] for j in range(f.T3_WIDTH))  # type: ignore[operator]


def _separated(rows: Mapping[str, StreamRow]) -> bool:
    """Whether the document separates its cells: most complete rows hold one token a cell."""
    complete = [r for r in rows.values() if r.found and r.tokens and not r.reaches_end]
    exact = sum(1 for r in complete if len(r.tokens) == r.width)
    return bool(complete) and exact * 2 > len(complete)
