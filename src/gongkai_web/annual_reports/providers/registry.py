"""The provider registry: one table-二 provider, one table-三/四 provider, any fact providers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from gongkai.report.format2021 import T2_DOC_KEYS, T3_ROW_KEYS, T3_WIDTH, T4_WIDTH
from gongkai_web.organizations.models import Agency


@dataclass(frozen=True, slots=True)
class Ref:
    """One record behind a number: its model label, primary key, a short label, its page."""

    model: str
    pk: int
    label: str
    url: str

    def as_dict(self) -> dict[str, Any]:
        return {"model": self.model, "pk": self.pk, "label": self.label, "url": self.url}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Ref:
        return cls(str(data["model"]), int(data["pk"]), str(data["label"]), str(data["url"]))


@dataclass(frozen=True, slots=True)
class Figure:
    value: int | Decimal
    refs: tuple[Ref, ...] = ()


@dataclass(frozen=True, slots=True)
class Provided:
    """What one provider gave: figures by cell path (``table3.deny_4[1]``) and notes."""

    figures: dict[str, Figure] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Fact:
    key: str  # the token in the narrative: {{media.accounts_open}}
    label: str  # what the number is, in Chinese
    unit: str
    figure: Figure
    source_url: str = ""


# (agency, year, as_of) -> Provided. ``as_of`` is the moment the numbers are taken: an event
# dated after it (a reply, a decision) is not yet counted.
TableProvider = Callable[[Agency, int, dt.datetime], Provided]
FactProvider = Callable[[Agency, int, dt.datetime], list[Fact]]

_table2: list[TableProvider] = []
_table3_4: list[TableProvider] = []
_facts: dict[str, FactProvider] = {}


def register_table2_provider(provider: TableProvider) -> TableProvider:
    _table2[:] = [provider]
    return provider


def register_table3_4_provider(provider: TableProvider) -> TableProvider:
    _table3_4[:] = [provider]
    return provider


def register_fact_provider(name: str) -> Callable[[FactProvider], FactProvider]:
    def add(provider: FactProvider) -> FactProvider:
        _facts[name] = provider
        return provider

    return add


def table2_provider() -> TableProvider | None:
    return _table2[0] if _table2 else None


def table3_4_provider() -> TableProvider | None:
    return _table3_4[0] if _table3_4 else None


def fact_providers() -> dict[str, FactProvider]:
    return dict(_facts)


def table2_cells() -> list[str]:
    cells = [
        f"table2.{row}.{leaf}"
        for row in ("regulations", "normative_documents")
        for leaf in T2_DOC_KEYS
    ]
    return [*cells, "table2.licensing", "table2.penalty", "table2.coercion", "table2.fees"]


def table3_cells() -> list[str]:
    return [f"table3.{key}[{col}]" for key in T3_ROW_KEYS for col in range(T3_WIDTH)]


def table4_cells() -> list[str]:
    return [f"table4[{i}]" for i in range(T4_WIDTH)]


def _zeros(cells: Iterable[str]) -> dict[str, Figure]:
    return {c: Figure(Decimal(0) if c == "table2.fees" else 0) for c in cells}


def collect_tables(agency: Agency, year: int, as_of: dt.datetime) -> Provided:
    """Every cell of tables 二, 三 and 四, from the registered providers (zeros where none)."""
    figures: dict[str, Figure] = {}
    notes: list[str] = []
    t2 = table2_provider()
    figures |= _zeros(table2_cells())
    if t2 is None:
        notes.append("尚无主动公开目录和行政许可、处罚、强制、收费登记记录：表二暂以 0 填列。")
    else:
        got = t2(agency, year, as_of)
        figures |= got.figures
        notes += got.notes
    t34 = table3_4_provider()
    figures |= _zeros(table3_cells()) | _zeros(table4_cells())
    if t34 is None:
        notes.append("尚无依申请公开和行政复议、行政诉讼记录：表三、表四暂以 0 填列。")
    else:
        got = t34(agency, year, as_of)
        figures |= got.figures
        notes += got.notes
    return Provided(figures, tuple(notes))


def collect_facts(agency: Agency, year: int, as_of: dt.datetime) -> list[Fact]:
    return [fact for provider in _facts.values() for fact in provider(agency, year, as_of)]
