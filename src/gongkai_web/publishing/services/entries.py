"""Catalogue entries from draft to publication: drafting, the review steps, the
索引号 at 终审, repeal, withdrawal and the Art. 18 reassessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.publishing import review, search_text
from gongkai.workdays import Calendar
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.catalogue import IN_REVIEW, EntryAction, EntryState
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import can_edit
from gongkai_web.publishing.models import (
    Category,
    Disclosure,
    DocKind,
    Entry,
    Validity,
)
from gongkai_web.publishing.workflow import ENTRY
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

EDITABLE = (
    "title", "publisher", "doc_number", "written_on", "formed_on", "validity", "effective_on",
    "ended_on", "topic", "genre", "category", "keywords", "summary", "disclosure",
    "withheld_reason", "reassess_on", "body", "doc_kind", "issued_on", "repealed_on",
    "interprets", "no_interpretation_reason",
)  # fmt: skip

PASS = {
    review.Stage.SECRECY: EntryAction.PASS_SECRECY,
    review.Stage.FIRST: EntryAction.PASS_FIRST,
    review.Stage.SECOND: EntryAction.PASS_SECOND,
    review.Stage.FINAL: EntryAction.PASS_FINAL,
}


def _clean(entry: Entry) -> None:
    problems: dict[str, str] = {}
    if entry.disclosure != Disclosure.PROACTIVE and not entry.withheld_reason.strip():
        problems["withheld_reason"] = (
            "非主动公开的信息必须写明理由（例如《条例》第十四条至第十六条）"
        )
    if entry.doc_kind in (DocKind.REGULATION, DocKind.NORMATIVE) and entry.issued_on is None:
        problems["issued_on"] = f"{DocKind(entry.doc_kind).label}必须填写印发日期，用于年度报告表二"
    if entry.validity != Validity.VALID and entry.ended_on is None:
        problems["ended_on"] = f"有效性为“{Validity(entry.validity).label}”时必须填写失效或废止日期"
    if entry.repealed_on and entry.issued_on and entry.repealed_on < entry.issued_on:
        problems["repealed_on"] = "废止日期早于印发日期，请核对"
    if entry.category.agency_id != entry.agency_id:
        problems["category"] = "目录分类不属于本机关"
    document = entry.interprets
    if document is not None:
        if document.agency_id != entry.agency_id or document.pk == entry.pk:
            problems["interprets"] = "所解读的文件须是本机关目录中的另一条信息"
        elif document.doc_kind not in interpretation_kinds():
            problems["interprets"] = "所解读的文件须是规章或行政规范性文件等需要解读的政策文件"
    if problems:
        raise ValidationError(problems)
    index_entry(entry)


def interpretation_kinds() -> frozenset[str]:
    """The 文件类型 published only with a 解读 (三同步; setting GONGKAI_INTERPRETATION_KINDS)."""
    return frozenset(settings.GONGKAI_INTERPRETATION_KINDS)


def index_entry(entry: Entry) -> None:
    """The search columns, rewritten on every save that may change them. A 依申请公开 or
    不予公开 entry gets none: both databases' indexes are built from these columns alone
    (fts.py), so its words can never be found, whatever its status."""
    if entry.disclosure != Disclosure.PROACTIVE:
        entry.search_title = entry.search_body = entry.search_facets = ""
        return
    entry.search_title = search_text.index_text(entry.title, entry.doc_number)
    entry.search_body = search_text.index_text(entry.keywords, entry.summary, entry.body)
    categories: list[int] = []
    node: Category | None = entry.category
    while node is not None and len(categories) < 20:
        categories.append(node.pk)
        node = node.parent
    entry.search_facets = search_text.facets(
        agency=entry.agency_id,
        year=entry.published_on.year if entry.published_on else None,
        categories=tuple(categories),
        validity=entry.validity,
    )


def create_entry(*, actor: audit.Actor, agency: Agency, **fields: Any) -> Entry:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    now = clock.now()
    entry = Entry(agency=agency, created_by=actor.user, created_at=now, updated_at=now, **fields)
    if not entry.formed_on:  # not given: None until saved
        entry.formed_on = entry.written_on or timezone.localdate(now)
    if not entry.publisher:
        entry.publisher = agency.name
    _clean(entry)
    with transaction.atomic():
        entry.save(force_insert=True)
        audit.record(
            actor=actor, action="catalogue.drafted", obj=entry, agency=agency,
            changes={"title": entry.title, "category": entry.category.name},
        )  # fmt: skip
    return entry


def update_entry(*, actor: audit.Actor, entry: Entry, **fields: Any) -> Entry:
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryState.DRAFT:
            raise ValidationError(
                f"“{locked.title}”{EntryState(locked.status).label}，只有草稿可以修改："
                "审核中的请拟稿人撤回或由审核人退回后再改；已公开的信息请用“废止”或“撤回”"
            )
        before = audit.snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        _clean(locked)
        locked.updated_at = clock.now()
        locked.save()
        audit.record(
            actor=actor, action="catalogue.edited", obj=locked, agency=locked.agency,
            changes=audit.diff(before, audit.snapshot(locked, fields)),
        )  # fmt: skip
    return locked


def submit(*, actor: audit.Actor, entry: Entry, expected: int | None = None) -> Entry:
    return _move(actor, entry, EntryAction.SUBMIT, expected=expected)


def _move(
    actor: audit.Actor,
    entry: Entry,
    action: EntryAction,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    on: dt.date | None = None,
    calendar: Calendar | None = None,
    expected: int | None = None,
) -> Entry:
    inputs = Inputs(note=note, data=data or {}, on=on, context={"calendar": calendar})
    try:
        made = workflow.apply(ENTRY, entry, action, actor=actor, inputs=inputs, expected=expected)
    except Refused as refused:
        raise ValidationError(refused.message) from None
    locked: Entry = made.record
    return locked


def move(
    *,
    actor: audit.Actor,
    entry: Entry,
    action: EntryAction | str,
    note: str = "",
    expected: int | None = None,
    **data: Any,
) -> Entry:
    """Any move of the entry's table (退回, 撤回, 指定办理人, 确认错敏词 …) as a page makes it."""
    return _move(actor, entry, EntryAction(action), note=note, data=data, expected=expected)


def decide(
    *,
    actor: audit.Actor,
    entry: Entry,
    stage: review.Stage,
    passed: bool,
    opinion: str,
    conclusion: str = "",
    calendar: Calendar | None = None,
    on: dt.date | None = None,
    expected: int | None = None,
) -> Entry:
    """A review step's decision: pass (the step's move) or send back with the reason.
    ``on`` is the publication date if this decision publishes; today unless loading history."""
    if actor.user is None:
        raise PermissionDenied("审核须由登录的人员进行")
    if not passed:
        return _move(actor, entry, EntryAction.SEND_BACK, note=opinion, expected=expected)
    data = {"conclusion": conclusion} if conclusion else {}
    return _move(
        actor, entry, PASS[stage], note=opinion, data=data, on=on, calendar=calendar,
        expected=expected,
    )  # fmt: skip


def repeal(
    *, actor: audit.Actor, entry: Entry, on: dt.date, validity: str = Validity.REPEALED
) -> Entry:
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != EntryState.PUBLISHED:
            raise ValidationError("只有已公开的文件可以标记为失效或废止")
        if locked.issued_on and on < locked.issued_on:
            raise ValidationError("废止日期早于印发日期，请核对")
        locked.validity = validity
        locked.ended_on = on
        if validity == Validity.REPEALED:
            locked.repealed_on = on
        locked.updated_at = clock.now()
        index_entry(locked)
        locked.save()
        audit.record(
            actor=actor, action="catalogue.repealed", obj=locked, agency=locked.agency,
            changes={"validity": validity, "on": on},
        )  # fmt: skip
    return locked


def may_withdraw(user: Any, agency: Agency) -> bool:
    """The agency's own publishing staff, as for 失效或废止 (repeal)."""
    return user is not None and can_edit(user, agency)


def withdraw(*, actor: audit.Actor, entry: Entry, reason: str) -> Entry:
    locked = _move(actor, entry, EntryAction.WITHDRAW, note=reason)
    return locked


def reassess(
    *, actor: audit.Actor, entry: Entry, disclose: bool, next_on: dt.date | None, note: str
) -> Entry:
    """Art. 18: a withheld item looked at again; either it becomes proactive or gets a new date.

    Becoming proactive is not publishing: the 保密审查 and the three reviews were done for an
    item that was not to be made public, so a reviewed item goes back into review (a new
    round) and reaches the portal only after a new 终审. The decision to disclose is the 变更
    from which Art. 26's twenty working days run, so it becomes the 形成或变更日期."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.disclosure == Disclosure.PROACTIVE:
            raise ValidationError("该信息已是主动公开，不需要复核")
        changes: dict[str, Any] = {}
        if disclose:
            if locked.status == EntryState.WITHDRAWN:
                raise ValidationError("该信息已撤回，不能转为主动公开；如需公开请重新拟稿")
            today = clock.today()
            changes = {"status": locked.status, "formed_on": locked.formed_on}
            locked.disclosure = Disclosure.PROACTIVE
            locked.reassess_on = None
            locked.formed_on = today
            index_entry(locked)
        else:
            if next_on is None or next_on <= clock.today():
                raise ValidationError("继续不公开的，须定下一次复核日期（今天以后）")
            locked.reassess_on = next_on
        locked.updated_at = clock.now()
        locked.save()
        audit.record(
            actor=actor, action="catalogue.reassessed", obj=locked, agency=locked.agency,
            changes={
                "disclose": disclose, "next_on": next_on, "note": note.strip(),
                **{f"previous_{name}": value for name, value in changes.items()},
            },
        )  # fmt: skip
        if disclose and locked.status in (EntryState.PUBLISHED, *IN_REVIEW):
            try:
                locked = workflow.move(
                    ENTRY, locked, EntryAction.REASSESS, actor=actor, inputs=Inputs(note=note)
                ).record
            except Refused as refused:
                raise ValidationError(refused.message) from None
    return locked
