"""目录设置: the agency's 索引号 template, with a live preview, and its 目录分类 tree.

Every change is a POST that goes through services (which check the permission again) and
redirects back to the page; htmx only fetches the preview, so the page works without JavaScript
(the 预览 button posts the form and the page comes back with the preview).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai.publishing.index_number import DEFAULT_TEMPLATE
from gongkai.publishing.timeliness import LimitUnit
from gongkai_web import clock
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import business_role_required
from gongkai_web.publishing import selectors, services
from gongkai_web.publishing.models import Category, PublishingSettings
from gongkai_web.publishing.views import _actor, _agencies, _agency, _errors

TOP = "（顶层）"


@dataclass(frozen=True)
class Row:
    """One line of the tree table."""

    node: Category
    depth: int
    path: str
    entries: int
    first: bool
    last: bool


def _rows(agency: Agency) -> list[Row]:
    tree = selectors.category_tree(agency)
    by_id = {node.pk: node for node, _ in tree}
    counts = selectors.entries_per_category(agency)
    siblings: dict[int | None, list[int]] = {}
    for node, _ in tree:
        siblings.setdefault(node.parent_id, []).append(node.pk)

    def path(node: Category) -> str:
        names = [node.name]
        while node.parent_id is not None:
            node = by_id[node.parent_id]
            names.append(node.name)
        return "/".join(reversed(names))

    rows = []
    for node, depth in tree:
        group = siblings[node.parent_id]
        row = Row(
            node=node, depth=depth, path=path(node), entries=counts.get(node.pk, 0),
            first=group[0] == node.pk, last=group[-1] == node.pk,
        )  # fmt: skip
        rows.append(row)
    return rows


def _preview(agency: Agency, text: str, today: dt.date) -> dict[str, str]:
    try:
        return {"number": services.preview_index_number(agency=agency, text=text, today=today)}
    except ValidationError as exc:
        return {"problem": exc.messages[0]}


def _page(
    request: HttpRequest, agency: Agency, *, text: str | None = None, errors: Sequence[str] = ()
) -> HttpResponse:
    today = clock.today()
    configured = PublishingSettings.objects.filter(agency=agency).first()
    current = configured.index_template if configured else DEFAULT_TEMPLATE
    rows = _rows(agency)
    chosen = request.GET.get("category", "")
    selected = next((row for row in rows if str(row.node.pk) == chosen), None)
    targets: list[Row] = []
    if selected is not None:
        below = set(selectors.descendants([(r.node, r.depth) for r in rows], selected.node))
        targets = [
            row
            for row in rows
            if row.node.pk not in below and row.node.pk != selected.node.parent_id
        ]
    shown = current if text is None else text
    return render(
        request,
        "publishing/office/settings.html",
        {
            "agency": agency, "agencies": _agencies(request), "today": today,
            "current": current, "text": shown, "errors": list(errors),
            "preview": _preview(agency, shown, today),
            "used": services.last_serial(agency, today.year),
            "can_change": services.may_edit_settings(request.user, agency),
            "rows": rows, "selected": selected, "targets": targets, "top": TOP,
            "limit_units": LimitUnit.choices(),
        },
    )  # fmt: skip


@business_role_required
def catalogue_settings(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    text = request.GET.get("index_template")
    if getattr(request, "htmx", False) and text is not None:
        context = _preview(agency, text, clock.today())
        return render(request, "publishing/office/_index_preview.html", context)
    return _page(request, agency)


def _settings_url(agency: Agency, category: Category | None = None) -> str:
    url = f"{reverse('publishing:settings')}?agency={agency.pk}"
    # No #manage here: the page must open at the top, where the messages are.
    return f"{url}&category={category.pk}" if category is not None else url


def _editable_agency(request: HttpRequest) -> Agency:
    # Unlike the reading pages, a change never falls back to another of the user's agencies.
    agency = get_object_or_404(Agency, pk=request.POST.get("agency") or 0)
    if not services.may_edit_settings(request.user, agency):
        raise PermissionDenied("您无权修改该机关的目录设置")
    return agency


@require_POST
@business_role_required
def save_index_template(request: HttpRequest) -> HttpResponse:
    agency = _editable_agency(request)
    text = request.POST.get("index_template", "")
    if request.POST.get("action") == "preview":
        return _page(request, agency, text=text)
    try:
        services.set_index_template(actor=_actor(request, agency), agency=agency, text=text)
    except ValidationError as exc:
        return _page(request, agency, text=text, errors=exc.messages)
    messages.success(request, "索引号模板已保存。今后公开的信息按新模板编号，已有的索引号不变。")
    return redirect(_settings_url(agency))


def _category(request: HttpRequest, category_id: int) -> Category:
    category = get_object_or_404(Category.objects.select_related("agency"), pk=category_id)
    if not services.may_edit_settings(request.user, category.agency):
        raise PermissionDenied("您无权修改该机关的目录分类")
    return category


def _change(
    request: HttpRequest, category: Category, change: Callable[[Any], Category | None], done: str
) -> HttpResponse:
    """Runs one service call; the page comes back on the category, with what happened."""
    try:
        after = change(_actor(request, category.agency))
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_settings_url(category.agency, category))
    messages.success(request, done)
    return redirect(_settings_url(category.agency, after))


@require_POST
@business_role_required
def add_category(request: HttpRequest) -> HttpResponse:
    agency = _editable_agency(request)
    parent_id = request.POST.get("parent")
    parent = get_object_or_404(Category, pk=parent_id, agency=agency) if parent_id else None
    name = request.POST.get("name", "")
    try:
        created = services.create_category(
            actor=_actor(request, agency), agency=agency, name=name, parent=parent
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_settings_url(agency, parent))
    messages.success(request, f"已添加分类“{services.category_path(created)}”。")
    return redirect(_settings_url(agency, created))


@require_POST
@business_role_required
def rename_category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _category(request, category_id)
    name = request.POST.get("name", "")
    return _change(
        request, category,
        lambda actor: services.rename_category(actor=actor, category=category, name=name),
        f"“{category.name}”已改名为“{name.strip()}”。",
    )  # fmt: skip


@require_POST
@business_role_required
def set_time_limit(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _category(request, category_id)
    post = request.POST
    return _change(
        request, category,
        lambda actor: services.set_time_limit(
            actor=actor, category=category, days=post.get("limit_days", ""),
            unit=post.get("limit_unit", ""), basis=post.get("limit_basis", ""),
        ),
        f"“{category.name}”的公开时限已保存。",
    )  # fmt: skip


@require_POST
@business_role_required
def move_category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _category(request, category_id)
    wanted = request.POST.get("parent", "")
    if not wanted:
        messages.error(request, "请选择新的上级分类")
        return redirect(_settings_url(category.agency, category))
    parent = None if wanted == "top" else get_object_or_404(Category, pk=wanted)
    return _change(
        request, category,
        lambda actor: services.move_category(actor=actor, category=category, parent=parent),
        f"“{category.name}”已移到“{services.category_path(parent) if parent else TOP}”之下。",
    )  # fmt: skip


@require_POST
@business_role_required
def reorder_category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _category(request, category_id)
    step = {"up": -1, "down": 1}.get(request.POST.get("direction", ""), 0)
    place = list(
        Category.objects.filter(agency=category.agency, parent_id=category.parent_id)
        .order_by("position", "pk")
        .values_list("pk", flat=True)
    ).index(category.pk)
    return _change(
        request, category,
        lambda actor: services.reorder_category(
            actor=actor, category=category, position=place + step
        ),
        f"“{category.name}”已{'上移' if step < 0 else '下移'}。",
    )  # fmt: skip


@require_POST
@business_role_required
def delete_category(request: HttpRequest, category_id: int) -> HttpResponse:
    category = _category(request, category_id)
    where = services.category_path(category)
    try:
        services.delete_category(actor=_actor(request, category.agency), category=category)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_settings_url(category.agency, category))
    messages.success(request, f"分类“{where}”已删除。")
    return redirect(_settings_url(category.agency))
