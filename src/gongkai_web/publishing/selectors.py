"""Reads of the catalogue, the registers and the search index."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum

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
# Ranking scores every hit, so its cost grows with the hits. Past this many, the results are
# the best of the newest RANK_WINDOW hits (newest by entry id, i.e. by when they were entered),
# and the page says so; the total is still exact.
RANK_WINDOW = 3_000


def published() -> QuerySet[Entry]:
    """Entries that passed review and hold their 索引号, whatever their 公开方式: the office's
    catalogue. The portal shows only ``public()``."""
    return Entry.objects.filter(status=Status.PUBLISHED)


def public() -> QuerySet[Entry]:
    """What anyone may read: published and 主动公开. A published 依申请公开 or 不予公开 entry
    stays in the office's catalogue and is never served by the portal, feed, API or search."""
    return published().filter(disclosure=Disclosure.PROACTIVE)


def is_public(entry: Entry) -> bool:
    return entry.status == Status.PUBLISHED and entry.disclosure == Disclosure.PROACTIVE


# Every entry that ever passed 终审 (its 索引号 says so), whatever became of it: withdrawn
# from the portal or sent back to review by an Art. 18 reassessment, a document still existed
# and was in force in the years its dates say.
def catalogued() -> QuerySet[Entry]:
    return Entry.objects.filter(index_number__isnull=False)


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


def entries_per_category(agency: Agency) -> dict[int, int]:
    """How many entries, of any status, each of the agency's categories holds."""
    rows = (
        Entry.objects.filter(agency=agency)
        .values_list("category_id")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return dict(rows)


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
    if category is None:
        entries = public().filter(agency=agency).select_related("category")
        return Paginator(entries.order_by("-published_on", "-id"), PAGE_SIZE).get_page(page)
    listing = CategoryListing(agency.pk, descendants(tree, category))
    return Paginator(listing, PAGE_SIZE).get_page(page)  # type: ignore[arg-type]


class CategoryListing:
    """The published entries of some categories, newest first, as a sliceable sequence.

    Ordering rows of several categories by date would sort all of them; instead each category
    gives its newest ``stop`` rows straight from the (agency, status, category, date) index and
    one outer query merges them, so a page costs the same at 2,000 entries or 200,000.
    """

    def __init__(self, agency_id: int, category_ids: list[int]) -> None:
        self.agency_id = agency_id
        self.category_ids = category_ids

    def count(self) -> int:
        return public().filter(agency_id=self.agency_id, category_id__in=self.category_ids).count()

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Entry]:
        start, stop = window.start or 0, window.stop
        one = (
            "SELECT id, published_on FROM (SELECT id, published_on FROM publishing_entry "
            "WHERE agency_id = %s AND status = 'published' AND disclosure = 'proactive' "
            "AND category_id = %s "
            "ORDER BY published_on DESC, id DESC LIMIT %s) AS c{n}"
        )
        union = " UNION ALL ".join(one.format(n=n) for n in range(len(self.category_ids)))
        params: list[int] = []
        for category_id in self.category_ids:
            params += [self.agency_id, category_id, stop]
        sql = (
            f"SELECT id FROM ({union}) AS merged "
            "ORDER BY published_on DESC, id DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [*params, stop - start, start])
            ids = [row[0] for row in cursor.fetchall()]
        loaded = Entry.objects.select_related("category").in_bulk(ids)
        return [loaded[pk] for pk in ids if pk in loaded]


def entry_for_portal(entry_id: int) -> Entry | None:
    return (
        public()
        .select_related("agency", "category")
        .prefetch_related("attachments__file")
        .filter(pk=entry_id)
        .first()
    )


def latest(limit: int = 50, agency: Agency | None = None) -> QuerySet[Entry]:
    entries = public().select_related("agency", "category")
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


_MATCHERS: dict[tuple[DictionaryWord, ...], Matcher] = {}


def matcher_for(agency: Agency) -> Matcher:
    """The agency's dictionary (its own words and the shared ones) as a matcher. The words are
    read every time (an edit shows at once); the automaton is built once per distinct list."""
    from django.db.models import Q

    rows = SensitiveWord.objects.filter(Q(agency__isnull=True) | Q(agency=agency))
    words = tuple(
        DictionaryWord(word, WordKind(kind), suggestion)
        for word, kind, suggestion in sorted(rows.values_list("word", "kind", "suggestion"))
    )
    matcher = _MATCHERS.get(words)
    if matcher is None:
        if len(_MATCHERS) > 256:  # many agencies' lists: keep the cache bounded
            _MATCHERS.clear()
        matcher = _MATCHERS[words] = Matcher(words)
    return matcher


@dataclass(frozen=True)
class FieldHits:
    label: str
    text: str
    hits: list[Hit]


def attachment_texts(entry: Entry) -> list[tuple[str, str]]:
    """(file name, text) of each attachment that has a text layer."""
    return [
        (attachment.file.name, attachment.text)
        for attachment in entry.attachments.select_related("file")
        if attachment.text
    ]


def word_check(entry: Entry) -> list[FieldHits]:
    matcher = matcher_for(entry.agency)
    fields = (("名称", entry.title), ("内容概述", entry.summary), ("关键词", entry.keywords),
              ("正文", entry.body))  # fmt: skip
    return [FieldHits(label, text, matcher.find(text)) for label, text in fields]


# --- table 二 -----------------------------------------------------------------------------


def table2_for(agency: Agency, year: int) -> Table2:
    """Table 二 of ``agency``'s report for ``year``, counted from the catalogue and registers."""
    # Counted by kind and dates whatever the 公开方式 or later withdrawal (catalogued()).
    documents = [
        counting.Document(
            counting.DocKind(kind), issued_on, counting.ceased_on(validity, ended_on, repealed_on)
        )
        for kind, issued_on, validity, ended_on, repealed_on in catalogued()
        .filter(agency=agency, doc_kind__in=[DocKind.REGULATION, DocKind.NORMATIVE])
        .values_list("doc_kind", "issued_on", "validity", "ended_on", "repealed_on")
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
    category_id: int | None = None  # the category or any below it
    year: int | None = None
    validity: str = ""

    def tokens(self) -> list[str]:
        found = []
        # A category belongs to one agency: its token alone narrows to that agency, and each
        # facet token left out of the query saves scanning its (long) posting list.
        if self.agency_id is not None and self.category_id is None:
            found.append(search_text.facet("a", self.agency_id))
        if self.category_id is not None:
            found.append(search_text.facet("c", self.category_id))
        if self.year is not None:
            found.append(search_text.facet("y", self.year))
        if self.validity:
            found.append(search_text.facet("v", self.validity))
        return found


@dataclass
class SearchResult:
    query: search_text.Query
    total: int
    page: int
    entries: list[Entry] = field(default_factory=list)
    # SQLite: the best of the newest RANK_WINDOW hits are ranked; PostgreSQL: all hits are
    # ordered and only the first RANK_WINDOW can be paged through (the template says which).
    ranks_newest_window: bool = True
    # PostgreSQL counts no further than RANK_WINDOW + 1: then total is a lower bound.
    total_at_least: bool = False

    @property
    def windowed(self) -> bool:
        return self.total > RANK_WINDOW

    @property
    def shown_at_most(self) -> int:
        return RANK_WINDOW

    @property
    def pages(self) -> int:
        return max(1, -(-min(self.total, RANK_WINDOW) // PAGE_SIZE))


def search(raw: str, filters: SearchFilters, page: int = 1) -> SearchResult:
    """Published entries containing every term, best first, one page of them."""
    query = search_text.parse_query(raw)
    result = SearchResult(query=query, total=0, page=max(1, page))
    if query.is_empty:
        return result
    if connection.vendor == "postgresql":
        ids = _search_postgresql(result, query.tsquery(*filters.tokens()), filters)
    else:
        ids = _search_sqlite(result, _fts5_term(query, filters))
    # The index holds no text of a non-proactive entry (services.index_entry); loading through
    # public() keeps one out even if an old row was indexed before that rule.
    loaded = public().select_related("agency", "category").in_bulk(ids)
    result.entries = [loaded[pk] for pk in ids if pk in loaded]
    if connection.vendor == "postgresql":
        # The bigram conjunction may admit a text holding a longer word's bigrams apart; what
        # is shown holds the words themselves.
        result.entries = [e for e in result.entries if _holds(e, query.terms)]
    return result


def _holds(entry: Entry, terms: tuple[str, ...]) -> bool:
    text = " ".join((entry.title, entry.doc_number, entry.keywords, entry.summary, entry.body))
    return search_text.contains_terms(text, terms)


def _search_sqlite(result: SearchResult, term: str) -> list[int]:
    """A count, (past RANK_WINDOW hits) the id where the newest window starts, and a page of
    ids ranked by bm25, all from the FTS5 index."""
    with connection.cursor() as cursor:
        cursor.execute(_SQLITE["count"], [term])
        result.total = cursor.fetchone()[0]
        if result.total == 0:
            return []
        result.page = min(result.page, result.pages)
        floor = 0
        if result.windowed:
            cursor.execute(_SQLITE["window"], [term, RANK_WINDOW - 1])
            floor = cursor.fetchone()[0]
        cursor.execute(_SQLITE["ranked"], [term, floor, PAGE_SIZE, (result.page - 1) * PAGE_SIZE])
        return [row[0] for row in cursor.fetchall()]


def _search_postgresql(result: SearchResult, tsquery: str, filters: SearchFilters) -> list[int]:
    """Two tiers, each newest first: the entries whose title (or 文号) holds every term, then
    those holding them elsewhere.

    Only the first RANK_WINDOW hits can be paged through, so hits are counted up to one more
    than that (past it the page says "more than"): a very common word then costs a few
    thousand row visits, not one per hit. PostgreSQL 15's minor releases since 2025 no longer
    answer a count from the index alone (docs/decisions/publishing-catalogue-and-search.md).

    The counts also choose how a page is read, where the planner would guess: few hits are
    read whole from the GIN index and sorted (as cheap as counting them), many are found by
    walking the date index newest first, which stops after a page. A year or agency filter is
    also given as a column condition, so that walk starts in the right place instead of
    passing over every newer entry. A sequential scan is never right here (it would open every
    row's vector, which the planner does not cost)."""
    result.ranks_newest_window = False
    narrow, params = _pg_columns(filters)
    with transaction.atomic(), connection.cursor() as cursor:
        _pg_plan(cursor, seqscan=False)
        cursor.execute(_PG["count"], [tsquery, RANK_WINDOW + 1])
        result.total = cursor.fetchone()[0]
        result.total_at_least = result.total > RANK_WINDOW
        if result.total == 0:
            return []
        result.page = min(result.page, result.pages)
        offset = (result.page - 1) * PAGE_SIZE
        cursor.execute(_PG["titled"], [tsquery, RANK_WINDOW + 1])
        titled = cursor.fetchone()[0]
        ids: list[int] = []
        if offset < titled:
            _pg_plan(cursor, walk_dates=titled > RANK_WINDOW)
            cursor.execute(
                f"SELECT id FROM publishing_entry WHERE {_PG_TITLE}{narrow} {_NEWEST}",
                [tsquery, *params, PAGE_SIZE, offset],
            )
            ids = [row[0] for row in cursor.fetchall()]
        if len(ids) < PAGE_SIZE and result.total > titled:
            _pg_plan(cursor, walk_dates=result.total_at_least)
            cursor.execute(
                f"SELECT id FROM publishing_entry WHERE {_PG_BODY}{narrow} {_NEWEST}",
                [tsquery, tsquery, *params, PAGE_SIZE - len(ids), max(0, offset - titled)],
            )
            ids += [row[0] for row in cursor.fetchall()]
    return ids


def _pg_plan(cursor: Any, *, seqscan: bool = True, walk_dates: bool | None = None) -> None:
    """Planner switches for the rest of the transaction only (set_config's is_local)."""
    cursor.execute("SELECT set_config('enable_seqscan', %s, true)", ["on" if seqscan else "off"])
    if walk_dates is not None:
        cursor.execute(
            "SELECT set_config('enable_indexscan', %s, true), "
            "set_config('enable_bitmapscan', %s, true)",
            ["on" if walk_dates else "off", "off" if walk_dates else "on"],
        )


def _pg_columns(filters: SearchFilters) -> tuple[str, list[int | dt.date]]:
    """The filters that are columns too, as SQL conditions (the facet tokens stay in the
    query: they are what the GIN index narrows by)."""
    sql, params = "", list[int | dt.date]()
    if filters.agency_id is not None:
        sql += " AND agency_id = %s"
        params.append(filters.agency_id)
    if filters.year is not None:
        sql += " AND published_on >= %s AND published_on < %s"
        params += [dt.date(filters.year, 1, 1), dt.date(filters.year + 1, 1, 1)]
    return sql, params


def _fts5_term(query: search_text.Query, filters: SearchFilters) -> str:
    words = " AND ".join('"' + " ".join(phrase) + '"' for phrase in query.phrases)
    parts = [f"{{search_title search_body}} : ({words})"]
    parts += [f"search_facets : {token}" for token in filters.tokens()]
    return " AND ".join(parts)


# The SQLite index holds published entries only (fts.py), so no join is needed. FTS5 walks a
# term's rowids in order, so the window's first rowid costs no scoring.
_FTS = "FROM publishing_entry_fts WHERE publishing_entry_fts MATCH %s"
_SQLITE = {
    "count": f"SELECT count(*) {_FTS}",
    "window": f"SELECT rowid {_FTS} ORDER BY rowid DESC LIMIT 1 OFFSET %s",
    # bm25 weights: a match in the title counts ten times one in the body; facets nothing.
    "ranked": f"SELECT rowid {_FTS} AND rowid >= %s "
    "ORDER BY bm25(publishing_entry_fts, 10.0, 1.0, 0.0), rowid DESC LIMIT %s OFFSET %s",
}
# The status condition is the GIN indexes' own predicate, so it costs nothing more.
_PG_ALL = "status = 'published' AND search_vector @@ %s::tsquery"
_PG_TITLE = "status = 'published' AND search_title_vector @@ %s::tsquery"
_NEWEST = "ORDER BY published_on DESC, id DESC LIMIT %s OFFSET %s"
_PG_BODY = f"{_PG_ALL} AND NOT (search_title_vector @@ %s::tsquery)"
_PG = {
    # Counts stop at a bound: a LIMIT inside lets the scan end there.
    "count": f"SELECT count(*) FROM (SELECT 1 FROM publishing_entry WHERE {_PG_ALL} LIMIT %s) h",
    "titled": f"SELECT count(*) FROM (SELECT 1 FROM publishing_entry WHERE {_PG_TITLE} LIMIT %s) h",
}
