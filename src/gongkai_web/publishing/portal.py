"""The public portal (no login): guide, catalogue, registers, entry pages, search, feed and
JSON API."""

from __future__ import annotations

from typing import Any

from django.contrib.syndication.views import Feed
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET

from gongkai.publishing import search_text
from gongkai_web.operations.files import read_file
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import public_registers, selectors
from gongkai_web.publishing.models import Attachment, Entry, Guide, Validity


def _int(raw: str | None, default: int | None = None) -> int | None:
    try:
        return int(raw) if raw not in (None, "") else default
    except ValueError:
        return default


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "publishing/portal/index.html",
        {
            "agencies": selectors.agencies_with_catalogue(),
            "latest": selectors.latest(10),
            "reports": selectors.published_reports()[:10],
        },
    )


@require_GET
def agency(request: HttpRequest, agency_id: int) -> HttpResponse:
    found = get_object_or_404(Agency, pk=agency_id)
    tree = selectors.category_tree(found)
    chosen_id = _int(request.GET.get("category"))
    chosen = next((node for node, _ in tree if node.pk == chosen_id), None)
    if chosen_id is not None and chosen is None:
        raise Http404("没有这个目录分类")
    page = selectors.catalogue_page(
        found, category=chosen, tree=tree, page=_int(request.GET.get("page"), 1) or 1
    )
    return render(
        request,
        "publishing/portal/catalogue.html",
        {"agency": found, "tree": tree, "chosen": chosen, "page": page},
    )


@require_GET
def registers(request: HttpRequest, agency_id: int, register: str = "licensing") -> HttpResponse:
    if register not in public_registers.REGISTERS:
        raise Http404("没有这个登记簿")
    found = get_object_or_404(Agency, pk=agency_id)
    year = _int(request.GET.get("year"))
    page = _int(request.GET.get("page"), 1) or 1
    context: dict[str, Any] = {
        "agency": found, "register": register, "title": public_registers.REGISTERS[register],
        "registers": public_registers.REGISTERS, "year": year,
        "years": public_registers.years(found, register),
    }  # fmt: skip
    if register == public_registers.FEES:
        context["page"], context["fee_total"] = public_registers.fee_page(found, year, page)
    else:
        context["page"] = public_registers.decision_page(found, register, year, page)
    return render(request, "publishing/portal/registers.html", context)


@require_GET
def guide(request: HttpRequest, agency_id: int) -> HttpResponse:
    found = get_object_or_404(Agency, pk=agency_id)
    versions = list(Guide.objects.filter(agency=found).order_by("-version"))
    wanted = _int(request.GET.get("version"))
    shown = next((g for g in versions if g.version == wanted), versions[0] if versions else None)
    return render(
        request,
        "publishing/portal/guide.html",
        {"agency": found, "guide": shown, "versions": versions},
    )


@require_GET
def entry(request: HttpRequest, entry_id: int) -> HttpResponse:
    found = selectors.entry_for_portal(entry_id)
    if found is None:
        raise Http404("该信息不存在或未公开")
    # 三同步: a policy document and its 解读 link to each other (only what is public).
    context = {
        "entry": found,
        "interpretations": list(selectors.public().filter(interprets=found).order_by("pk")),
        "interprets": selectors.public().filter(pk=found.interprets_id).first()
        if found.interprets_id
        else None,
    }
    return render(request, "publishing/portal/entry.html", context)


@require_GET
def attachment(request: HttpRequest, attachment_id: int) -> FileResponse:
    found = get_object_or_404(Attachment.objects.select_related("file", "entry"), pk=attachment_id)
    if not selectors.is_public(found.entry):
        raise Http404("该附件不存在或未公开")
    import io

    return FileResponse(
        io.BytesIO(read_file(found.file)),
        as_attachment=True,
        filename=found.file.name,
        content_type=found.file.content_type or "application/octet-stream",
    )


@require_GET
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request, "publishing/portal/reports.html", {"reports": selectors.published_reports()}
    )


def _filters(request: HttpRequest) -> tuple[selectors.SearchFilters, dict[str, Any]]:
    agency_id = _int(request.GET.get("agency"))
    category_id = _int(request.GET.get("category"))
    year = _int(request.GET.get("year"))
    validity = request.GET.get("validity", "")
    if validity not in Validity.values:
        validity = ""
    chosen_agency = Agency.objects.filter(pk=agency_id).first() if agency_id else None
    tree = selectors.category_tree(chosen_agency) if chosen_agency else []
    if not any(node.pk == category_id for node, _ in tree):
        category_id = None
    filters = selectors.SearchFilters(
        agency_id=chosen_agency.pk if chosen_agency else None,
        category_id=category_id,
        year=year,
        validity=validity,
    )
    return filters, {
        "agency_id": filters.agency_id,
        "category_id": category_id,
        "year": year,
        "validity": validity,
        "tree": tree,
    }


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    raw = request.GET.get("q", "").strip()[:100]
    filters, chosen = _filters(request)
    result = selectors.search(raw, filters, _int(request.GET.get("page"), 1) or 1)
    rows = [
        {
            "entry": found,
            "title": search_text.highlight(found.title, result.query.terms),
            "excerpt": search_text.highlight(
                search_text.excerpt(found.summary or found.body, result.query.terms),
                result.query.terms,
            ),
        }
        for found in result.entries
    ]
    return render(
        request,
        "publishing/portal/search.html",
        {
            "q": raw,
            "result": result,
            "rows": rows,
            "chosen": chosen,
            "agencies": selectors.agencies_with_catalogue(),
            "validities": Validity.choices,
            "years": range(result_year_max(), 2007, -1),
        },
    )


def result_year_max() -> int:
    from gongkai_web import clock

    return clock.today().year


class CatalogueFeed(Feed):  # type: ignore[type-arg]
    feed_type = Atom1Feed
    title = "政府信息公开目录：最新公开"
    subtitle = "各机关主动公开的政府信息，按发布日期排列"

    def link(self) -> str:
        return reverse("portal:index")

    def items(self) -> list[Entry]:
        return list(selectors.latest(50))

    def item_title(self, item: Entry) -> str:
        return item.title

    def item_description(self, item: Entry) -> str:
        return item.summary

    def item_link(self, item: Entry) -> str:
        return reverse("portal:entry", args=[item.pk])

    def item_pubdate(self, item: Entry) -> Any:
        import datetime as dt

        from django.utils import timezone

        assert item.published_on is not None
        return timezone.make_aware(dt.datetime.combine(item.published_on, dt.time(0, 0)))

    def item_author_name(self, item: Entry) -> str:
        return item.publisher

    def item_guid(self, item: Entry) -> str:
        return item.index_number or str(item.pk)

    item_guid_is_permalink = False


def as_json(item: Entry, *, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "agency": item.agency.name,
        "publisher": item.publisher,
        "doc_number": item.doc_number,
        "written_on": item.written_on.isoformat() if item.written_on else None,
        "published_on": item.published_on.isoformat() if item.published_on else None,
        "validity": item.validity,
        "validity_label": item.get_validity_display(),
        "topic": item.topic,
        "genre": item.genre,
        "category": item.category.name,
        "keywords": item.keywords,
        "summary": item.summary,
        "url": reverse("portal:entry", args=[item.pk]),
    }
    if full:
        data["body"] = item.body
        data["attachments"] = [
            {"name": a.file.name, "url": reverse("portal:attachment", args=[a.pk]),
             "sha256": a.file.sha256, "size": a.file.size}
            for a in item.attachments.all()
        ]  # fmt: skip
    return data


@require_GET
def api_entries(request: HttpRequest) -> JsonResponse:
    filters, chosen = _filters(request)
    raw = request.GET.get("q", "").strip()[:100]
    page = _int(request.GET.get("page"), 1) or 1
    if raw:
        result = selectors.search(raw, filters, page)
        items, total, page = result.entries, result.total, result.page
    else:
        entries = selectors.public().select_related("agency", "category")
        if filters.agency_id:
            entries = entries.filter(agency_id=filters.agency_id)
        if filters.category_id:
            root = next(node for node, _ in chosen["tree"] if node.pk == filters.category_id)
            entries = entries.filter(category_id__in=selectors.descendants(chosen["tree"], root))
        if filters.year:
            entries = entries.filter(published_on__year=filters.year)
        if filters.validity:
            entries = entries.filter(validity=filters.validity)
        from django.core.paginator import Paginator

        paged = Paginator(entries.order_by("-published_on", "-id"), selectors.PAGE_SIZE)
        current = paged.get_page(page)
        items, total, page = list(current.object_list), paged.count, current.number
    return JsonResponse(
        {"count": total, "page": page, "page_size": selectors.PAGE_SIZE,
         "results": [as_json(item) for item in items]},
        json_dumps_params={"ensure_ascii": False},
    )  # fmt: skip


@require_GET
def api_entry(request: HttpRequest, entry_id: int) -> JsonResponse:
    found = selectors.entry_for_portal(entry_id)
    if found is None:
        return JsonResponse({"error": "该信息不存在或未公开"}, status=404,
                            json_dumps_params={"ensure_ascii": False})  # fmt: skip
    return JsonResponse(as_json(found, full=True), json_dumps_params={"ensure_ascii": False})
