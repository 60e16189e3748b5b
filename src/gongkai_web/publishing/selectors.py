"""Reads of the catalogue, the registers and the search index."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import QuerySet, Sum

from gongkai.publishing import search_text
from gongkai.publishing import table2 as counting
from gongkai.publishing.wordcheck import DictionaryWord, Hit, Matcher, WordKind
from gongkai.report.model import Table2
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import (
    Category,
    DecisionKind,
    DecisionRecord,
    Disclosure,
    DocKind,
    Entry,
    FeeRecord,
    Guide,
    SensitiveWord,
    Status,
)

PAGE_SIZE = 20
# PostgreSQL: the expression of the GIN index made in migration 0002; a query must repeat it
# word for word for the planner to use the index.
PG_VECTOR = (
    "(setweight(to_tsvector('simple'::regconfig, search_title), 'A') || "
    "to_tsvector('simple'::regconfig, search_body))"
)


def published() -> QuerySet[Entry]:
    return Entry.objects.filter(status=Status.PUBLISHED)


def agencies_with_catalogue() -> QuerySet[Agency]:
    return Agency.objects.filter(categories__isnull=False).distinct().order_by("path")


def category_tree(agency: Agency) -> list[tuple[Category, int]]:
    """The agency's categories in display order with their depth, in one query."""
    nodes = list(Category.objects.filter(agency=agency).order_by("position", "pk"))
    children: dict[int | None, list[Category]] = {}
    for node in nodes:
        children.setdefault(node.parent_id, []).append(node)
    ordered: list[tuple[Category, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for node in children.get(parent, []):
            ordered.append((node, depth))
            walk(node.pk, depth + 1)

    walk(None, 0)
    return ordered


def descendants(tree: list[tuple[Category, int]], root: Category) -> list[int]:
    ids = {root.pk}
    for node, _ in tree:
        if node.parent_id in ids:
            ids.add(node.pk)
    return sorted(ids)


def catalogue_page(
    agency: Agency, *, category: Category | None, tree: list[tuple[Category, int]], page: int
) -> Page[Entry]:
    """One page of published entries, newest first: a count and a page query, whatever the
    size of the catalogue."""
    entries = published().filter(agency=agency)
    if category is not None:
        entries = entries.filter(category_id__in=descendants(tree, category))
    entries = entries.select_related("category").order_by("-published_on", "-id")
    return Paginator(entries, PAGE_SIZE).get_page(page)


def entry_for_portal(entry_id: int) -> Entry | None:
    return (
        published()
        .select_related("agency", "category")
        .prefetch_related("attachments__file")
        .filter(pk=entry_id)
        .first()
    )


def latest(limit: int = 50, agency: Agency | None = None) -> QuerySet[Entry]:
    entries = published().select_related("agency", "category")
    if agency is not None:
        entries = entries.filter(agency=agency)
    return entries.order_by("-published_on", "-id")[:limit]


def current_guide(agency: Agency) -> Guide | None:
    return Guide.objects.filter(agency=agency).order_by("-version").first()


def published_reports() -> QuerySet[AnnualReport]:
    return AnnualReport.objects.filter(status=ReportStatus.PUBLISHED).order_by(
        "-year", "agency_name"
    )


def due_for_reassessment(agency: Agency, today: dt.date) -> QuerySet[Entry]:
    """Art. 18: withheld items whose re-assessment date has come (or was never set)."""
    return (
        Entry.objects.filter(agency=agency)
        .exclude(disclosure=Disclosure.PROACTIVE)
        .exclude(reassess_on__gt=today)
        .order_by("reassess_on", "pk")
    )


# --- 错敏词 -------------------------------------------------------------------------------


def matcher_for(agency: Agency) -> Matcher:
    from django.db.models import Q

    words = SensitiveWord.objects.filter(Q(agency__isnull=True) | Q(agency=agency))
    return Matcher(
        DictionaryWord(word.word, WordKind(word.kind), word.suggestion) for word in words
    )


@dataclass(frozen=True)
class FieldHits:
    label: str
    text: str
    hits: list[Hit]


def word_check(entry: Entry) -> list[FieldHits]:
    matcher = matcher_for(entry.agency)
    fields = (("名称", entry.title), ("内容概述", entry.summary), ("关键词", entry.keywords),
              ("正文", entry.body))  # fmt: skip
    return [FieldHits(label, text, matcher.find(text)) for label, text in fields]


# --- table 二 -----------------------------------------------------------------------------


def table2_for(agency: Agency, year: int) -> Table2:
    """Table 二 of ``agency``'s report for ``year``, counted from the catalogue and registers."""
    documents = [
        counting.Document(counting.DocKind(kind), issued_on, repealed_on)
        for kind, issued_on, repealed_on in published()
        .filter(agency=agency, doc_kind__in=[DocKind.REGULATION, DocKind.NORMATIVE])
        .values_list("doc_kind", "issued_on", "repealed_on")
    ]
    decisions = [
        (counting.Decision(kind), decided_on)
        for kind, decided_on in DecisionRecord.objects.filter(
            agency=agency, decided_on__year=year
        ).values_list("kind", "decided_on")
    ]
    fees = list(
        FeeRecord.objects.filter(agency=agency, collected_on__year=year).values_list(
            "amount", "collected_on"
        )
    )
    return counting.table2(year, documents=documents, decisions=decisions, fees=fees)


def decisions(agency: Agency, kind: str, year: int | None = None) -> QuerySet[DecisionRecord]:
    found = DecisionRecord.objects.filter(agency=agency, kind=kind)
    if year is not None:
        found = found.filter(decided_on__year=year)
    return found


def fees(agency: Agency, year: int | None = None) -> QuerySet[FeeRecord]:
    found = FeeRecord.objects.filter(agency=agency)
    if year is not None:
        found = found.filter(collected_on__year=year)
    return found


def fee_total(agency: Agency, year: int) -> Decimal:
    return fees(agency, year).aggregate(total=Sum("amount"))["total"] or Decimal(0)


DECISION_KINDS = DecisionKind


# --- search -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchFilters:
    agency_id: int | None = None
    category_ids: Sequence[int] = ()
    year: int | None = None
    validity: str = ""


@dataclass
class SearchResult:
    query: search_text.Query
    total: int
    page: int
    entries: list[Entry] = field(default_factory=list)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // PAGE_SIZE))


def search(raw: str, filters: SearchFilters, page: int = 1) -> SearchResult:
    """Published entries containing every term, best first: two queries (count and page ids)
    plus one to load the page's entries."""
    query = search_text.parse_query(raw)
    result = SearchResult(query=query, total=0, page=max(1, page))
    if query.is_empty:
        return result
    where, params = _filter_sql(filters)
    if connection.vendor == "postgresql":
        match = f"{PG_VECTOR} @@ to_tsquery('simple', %s)"
        base = f"FROM publishing_entry e WHERE {match} {where}"
        count_sql = f"SELECT count(*) {base}"
        page_sql = (
            f"SELECT e.id {base} ORDER BY ts_rank({PG_VECTOR}, to_tsquery('simple', %s)) DESC, "
            "e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        term = query.tsquery()
        count_params = [term, *params]
        page_params = [term, *params, term]
    else:
        base = (
            "FROM publishing_entry_fts f JOIN publishing_entry e ON e.id = f.rowid "
            f"WHERE publishing_entry_fts MATCH %s {where}"
        )
        count_sql = f"SELECT count(*) {base}"
        # bm25 weights: a match in the title counts ten times one in the body.
        page_sql = (
            f"SELECT e.id {base} ORDER BY bm25(publishing_entry_fts, 10.0, 1.0), "
            "e.published_on DESC, e.id DESC LIMIT %s OFFSET %s"
        )
        term = query.fts5()
        count_params = [term, *params]
        page_params = [term, *params]
    with connection.cursor() as cursor:
        cursor.execute(count_sql, count_params)
        result.total = cursor.fetchone()[0]
        if result.total == 0:
            return result
        result.page = min(result.page, result.pages)
        cursor.execute(page_sql, [*page_params, PAGE_SIZE, (result.page - 1) * PAGE_SIZE])
        ids = [row[0] for row in cursor.fetchall()]
    loaded = Entry.objects.select_related("agency", "category").in_bulk(ids)
    result.entries = [loaded[pk] for pk in ids if pk in loaded]
    return result


def _filter_sql(filters: SearchFilters) -> tuple[str, list[object]]:
    clauses = ["AND e.status = %s"]
    params: list[object] = [Status.PUBLISHED.value]
    if filters.agency_id is not None:
        clauses.append("AND e.agency_id = %s")
        params.append(filters.agency_id)
    if filters.category_ids:
        clauses.append(f"AND e.category_id IN ({', '.join(['%s'] * len(filters.category_ids))})")
        params += list(filters.category_ids)
    if filters.year is not None:
        clauses.append("AND e.published_on BETWEEN %s AND %s")
        params += [dt.date(filters.year, 1, 1), dt.date(filters.year, 12, 31)]
    if filters.validity:
        clauses.append("AND e.validity = %s")
        params.append(filters.validity)
    return " ".join(clauses), params
