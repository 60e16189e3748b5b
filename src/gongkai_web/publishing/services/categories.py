"""The agency's 目录分类 tree: add, rename, move under another parent, reorder, delete.

Every change locks the agency's row first, so two editors of one tree queue and the checks
(names unique among siblings, no cycles, nothing left in a deleted category) see the tree as it
will be written. The database's unique constraint cannot guard top-level names (their parent
is NULL), so the name check is done here.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count

from gongkai.publishing.timeliness import LimitUnit, TimeLimit
from gongkai.workflow.tables.catalogue import IN_REVIEW
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import Category, Entry, Status
from gongkai_web.publishing.services._common import require_settings_editor
from gongkai_web.publishing.services.entries import index_entry

NAME_MAX_LENGTH: int = Category._meta.get_field("name").max_length or 0
TOP = "顶层"
# Only a draft may change its category (services.update_entry); a published or withdrawn entry
# keeps its category as it keeps its 索引号.
MOVABLE = frozenset({Status.DRAFT, *IN_REVIEW})


def _lock_tree(agency: Agency) -> dict[int, Category]:
    """The agency's categories by id, read after locking the agency, with parents linked."""
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    nodes = {node.pk: node for node in Category.objects.filter(agency=agency)}
    for node in nodes.values():
        if node.parent_id is not None:
            node.parent = nodes[node.parent_id]
    return nodes


def category_path(category: Category | None) -> str:
    """「招生入学/小学招生」: the names from the top down, as staff say them."""
    names: list[str] = []
    node = category
    while node is not None and len(names) < 50:
        names.append(node.name)
        node = node.parent
    return "/".join(reversed(names)) or TOP


def _clean_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise ValidationError({"name": "请填写分类名称"})
    if len(name) > NAME_MAX_LENGTH:
        raise ValidationError({"name": f"分类名称不能超过 {NAME_MAX_LENGTH} 个字"})
    return name


def _siblings(nodes: dict[int, Category], parent_id: int | None) -> list[Category]:
    found = [node for node in nodes.values() if node.parent_id == parent_id]
    return sorted(found, key=lambda node: (node.position, node.pk))


def _check_name_free(
    nodes: dict[int, Category], parent: Category | None, name: str, keep: Category | None = None
) -> None:
    for node in _siblings(nodes, parent.pk if parent else None):
        if node.name == name and (keep is None or node.pk != keep.pk):
            raise ValidationError({"name": f"“{category_path(parent)}”下已有名为“{name}”的分类"})


def _below(nodes: dict[int, Category], root: Category) -> list[int]:
    """``root`` and every category under it."""
    found = [root.pk]
    for pk in found:
        found.extend(node.pk for node in nodes.values() if node.parent_id == pk)
    return found


def _own(nodes: dict[int, Category], category: Category) -> Category:
    if category.pk not in nodes:
        raise ValidationError("该分类已被删除或不属于本机关")
    return nodes[category.pk]


def create_category(
    *, actor: audit.Actor, agency: Agency, name: str, parent: Category | None = None,
    position: int | None = None, description: str = "",
) -> Category:  # fmt: skip
    """``position`` None puts the new category after its siblings."""
    require_settings_editor(actor, agency)
    name = _clean_name(name)
    with transaction.atomic():
        nodes = _lock_tree(agency)
        if parent is not None:
            if parent.agency_id != agency.pk:
                raise ValidationError({"parent": "上级分类不属于本机关"})
            parent = _own(nodes, parent)
        _check_name_free(nodes, parent, name)
        if position is None:
            siblings = _siblings(nodes, parent.pk if parent else None)
            position = siblings[-1].position + 1 if siblings else 0
        category = Category.objects.create(
            agency=agency, name=name, parent=parent, position=position,
            description=description.strip(),
        )  # fmt: skip
        audit.record(
            actor=actor, action="catalogue.category", obj=category, agency=agency,
            changes={"name": name, "path": category_path(category)},
        )  # fmt: skip
    return category


def rename_category(*, actor: audit.Actor, category: Category, name: str) -> Category:
    agency = category.agency
    require_settings_editor(actor, agency)
    name = _clean_name(name)
    with transaction.atomic():
        nodes = _lock_tree(agency)
        locked = _own(nodes, category)
        if locked.name == name:
            raise ValidationError({"name": "新名称与原名称相同"})
        _check_name_free(nodes, locked.parent, name, keep=locked)
        before = category_path(locked)
        locked.name = name
        locked.save(update_fields=["name"])
        audit.record(
            actor=actor, action="catalogue.category.renamed", obj=locked, agency=agency,
            changes={"path": {"before": before, "after": category_path(locked)}},
        )  # fmt: skip
    return locked


def set_time_limit(
    *, actor: audit.Actor, category: Category, days: str | int, unit: str, basis: str = ""
) -> Category:
    """The category's publication time limit (Art. 26's 20 working days unless a rule sets
    another); it applies to entries published from now on."""
    agency = category.agency
    require_settings_editor(actor, agency)
    try:
        limit = TimeLimit(
            0 if unit == LimitUnit.REALTIME else int(str(days).strip() or 0),
            LimitUnit(unit), basis.strip(),
        )  # fmt: skip
    except ValueError as exc:
        message = (
            str(exc)
            if "公开时限" in str(exc)
            else "请填写公开时限（天数为 1 至 365 的整数）并选择单位"
        )
        raise ValidationError({"limit_days": message}) from None
    if not limit.is_art26 and not limit.basis:
        raise ValidationError(
            {"limit_basis": "与《条例》第二十六条不同的时限须写明依据（如基层政务公开标准目录）"}
        )
    with transaction.atomic():
        nodes = _lock_tree(agency)
        locked = _own(nodes, category)
        before = locked.time_limit.describe()
        locked.limit_days, locked.limit_unit, locked.limit_basis = (
            limit.days, limit.unit.value, limit.basis,
        )  # fmt: skip
        locked.save(update_fields=["limit_days", "limit_unit", "limit_basis"])
        audit.record(
            actor=actor, action="catalogue.category.time_limit", obj=locked, agency=agency,
            changes={"limit": {"before": before, "after": limit.describe()}, "basis": limit.basis},
        )  # fmt: skip
    return locked


def move_category(*, actor: audit.Actor, category: Category, parent: Category | None) -> Category:
    """Under another parent of the same agency (None: the top level), after its new siblings."""
    agency = category.agency
    require_settings_editor(actor, agency)
    with transaction.atomic():
        nodes = _lock_tree(agency)
        locked = _own(nodes, category)
        if parent is not None:
            if parent.agency_id != agency.pk:
                raise ValidationError({"parent": "只能移到本机关的分类之下"})
            parent = _own(nodes, parent)
        if (parent.pk if parent else None) == locked.parent_id:
            raise ValidationError({"parent": f"“{locked.name}”已在“{category_path(parent)}”之下"})
        subtree = _below(nodes, locked)
        if parent is not None and parent.pk in subtree:
            raise ValidationError(
                {"parent": f"不能把“{category_path(locked)}”移到它自己或它的下级分类"
                 f"“{category_path(parent)}”之下"}
            )  # fmt: skip
        _check_name_free(nodes, parent, locked.name)
        before = category_path(locked)
        siblings = _siblings(nodes, parent.pk if parent else None)
        locked.parent = parent
        locked.position = siblings[-1].position + 1 if siblings else 0
        locked.save(update_fields=["parent", "position"])
        # Search facets hold a category's ancestors (a search by 招生入学 finds 小学招生's
        # entries), so every entry below the moved category is indexed again.
        entries = list(Entry.objects.filter(category_id__in=subtree))
        for entry in entries:
            entry.category = nodes[entry.category_id]
            index_entry(entry)
        Entry.objects.bulk_update(entries, ["search_facets"], batch_size=500)
        audit.record(
            actor=actor, action="catalogue.category.moved", obj=locked, agency=agency,
            changes={"path": {"before": before, "after": category_path(locked)},
                     "entries": len(entries)},
        )  # fmt: skip
    return locked


def reorder_category(*, actor: audit.Actor, category: Category, position: int) -> Category:
    """Put the category at ``position`` (0 = first) among its siblings; the others close up."""
    agency = category.agency
    require_settings_editor(actor, agency)
    with transaction.atomic():
        nodes = _lock_tree(agency)
        locked = _own(nodes, category)
        siblings = _siblings(nodes, locked.parent_id)
        before = siblings.index(locked)
        after = min(max(position, 0), len(siblings) - 1)
        if after == before:
            raise ValidationError(f"“{locked.name}”已在第 {before + 1} 位")
        siblings.remove(locked)
        siblings.insert(after, locked)
        changed = []
        for index, node in enumerate(siblings):
            if node.position != index:
                node.position = index
                changed.append(node)
        Category.objects.bulk_update(changed, ["position"])
        audit.record(
            actor=actor, action="catalogue.category.reordered", obj=locked, agency=agency,
            changes={"path": category_path(locked),
                     "place": {"before": before + 1, "after": after + 1}},
        )  # fmt: skip
    return locked


def delete_category(*, actor: audit.Actor, category: Category) -> None:
    """Only an empty category goes: no category below it and no entry of any status in it.
    Entries are never deleted and a published entry keeps its category, so a category that
    ever held a published entry stays (it can still be renamed or moved)."""
    agency = category.agency
    require_settings_editor(actor, agency)
    with transaction.atomic():
        nodes = _lock_tree(agency)
        locked = _own(nodes, category)
        children = _siblings(nodes, locked.pk)
        if children:
            raise ValidationError(
                f"“{category_path(locked)}”下还有 {len(children)} 个下级分类"
                f"（{'、'.join(c.name for c in children[:5])}），请先删除或移走它们"
            )
        counts = _entry_counts(locked)
        if counts:
            advice = []
            if set(counts) & MOVABLE:
                advice.append(
                    "请先把它们移到其他分类（草稿在编辑页改选“目录分类”，审核中的条目须先退回）"
                )
            if set(counts) - MOVABLE:
                advice.append("已公开、已撤回的条目不能改分类，含有它们的分类只能改名或移动")
            detail = "、".join(f"{Status(status).label} {n} 条" for status, n in counts.items())
            raise ValidationError(
                f"“{category_path(locked)}”被 {sum(counts.values())} 条目录条目使用（{detail}），"
                f"不能删除。{'；'.join(advice)}。"
            )
        where = category_path(locked)
        audit.record(
            actor=actor, action="catalogue.category.deleted", obj=locked, agency=agency,
            changes={"path": where},
        )  # fmt: skip
        locked.delete()


def _entry_counts(category: Category) -> dict[str, int]:
    """Entries in ``category`` by status, in the order of ``Status``, only those present."""
    rows = dict(
        Entry.objects.filter(category=category)
        .values_list("status")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return {status: rows[status] for status in [s.value for s in Status] if rows.get(status)}
