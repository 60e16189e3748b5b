"""Table 二 from the publishing app's catalogue and registers, record by record.

Values come from the publishing app's own counting (``gongkai.publishing.table2``) applied to
one record at a time, so a cell's list and its number cannot disagree.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from gongkai.publishing import table2 as counting
from gongkai.report.format2021 import T2_DOC_KEYS
from gongkai_web.annual_reports.providers.cases import cutoff
from gongkai_web.annual_reports.providers.registry import (
    Fact,
    Figure,
    Provided,
    Ref,
    table2_cells,
)
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import DecisionRecord, DocKind, FeeRecord
from gongkai_web.publishing.selectors import catalogued, public

DOC_ROWS = {DocKind.REGULATION: "regulations", DocKind.NORMATIVE: "normative_documents"}


def table2(agency: Agency, year: int, as_of: dt.datetime) -> Provided:
    until = cutoff(as_of)
    lists: dict[str, list[Ref]] = defaultdict(list)
    # Every catalogued document counts by its kind and dates, whatever its 公开方式 and even
    # if it was withdrawn later: the same rule as the publishing app's own table 二.
    documents = (
        catalogued()
        .filter(agency=agency, doc_kind__in=list(DOC_ROWS), issued_on__lte=until)
        .order_by("issued_on", "pk")
    )
    for entry in documents:
        ceased = counting.ceased_on(entry.validity, entry.ended_on, entry.repealed_on)
        doc = counting.Document(
            counting.DocKind(entry.doc_kind),
            entry.issued_on,
            ceased if ceased is not None and ceased <= until else None,
        )
        counts = counting.doc_counts([doc], doc.kind, year)
        ref = Ref(
            "publishing.entry", entry.pk, entry.title, reverse("publishing:detail", args=[entry.pk])
        )
        for leaf in T2_DOC_KEYS:
            if getattr(counts, leaf):
                lists[f"table2.{DOC_ROWS[DocKind(entry.doc_kind)]}.{leaf}"].append(ref)
    registers = reverse("publishing:registers")
    decisions = DecisionRecord.objects.filter(
        agency=agency, decided_on__year=year, decided_on__lte=until
    ).order_by("decided_on", "pk")
    for decision in decisions:
        lists[f"table2.{decision.kind}"].append(
            Ref(
                "publishing.decisionrecord",
                decision.pk,
                decision.number,
                f"{registers}?year={year}#decision-{decision.pk}",
            )
        )
    fees = list(
        FeeRecord.objects.filter(
            agency=agency, collected_on__year=year, collected_on__lte=until
        ).order_by("collected_on", "pk")
    )
    figures: dict[str, Figure] = {}
    for cell in table2_cells():
        if cell != "table2.fees":
            refs = tuple(lists.get(cell, ()))
            figures[cell] = Figure(len(refs), refs)
    figures["table2.fees"] = Figure(
        counting.wan_yuan(fee.amount for fee in fees),
        tuple(
            Ref(
                "publishing.feerecord",
                fee.pk,
                f"{fee.item} {fee.amount} 元",
                f"{registers}?year={year}#fee-{fee.pk}",
            )
            for fee in fees
        ),
    )
    return Provided(figures)


def facts(agency: Agency, year: int, as_of: dt.datetime) -> list[Fact]:
    until = cutoff(as_of)
    # 主动公开 only: a published 依申请公开 or 不予公开 entry is not proactive disclosure.
    entries = (
        public()
        .filter(agency=agency, published_on__year=year, published_on__lte=until)
        .order_by("published_on", "pk")
    )
    refs = tuple(
        Ref("publishing.entry", e.pk, e.title, reverse("publishing:detail", args=[e.pk]))
        for e in entries
    )
    return [
        Fact(
            "publishing.entries",
            "本年度主动公开政府信息",
            "条",
            Figure(len(refs), refs),
            reverse("publishing:index"),
        ),
    ]
