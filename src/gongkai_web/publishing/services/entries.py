"""Catalogue entries from draft to publication: drafting, the review steps, the
索引号 at 终审, repeal, withdrawal and the Art. 18 reassessment."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.publishing import review, search_text, timeliness
from gongkai.workdays import Calendar, UnknownYearError
from gongkai_web.audit import services as audit
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import can_edit, roles_at
from gongkai_web.publishing.models import (
    TRANSITIONS,
    Category,
    Disclosure,
    DocKind,
    Entry,
    ReviewStep,
    Status,
    Validity,
)
from gongkai_web.publishing.services.numbering import take_index_number

EDITABLE = (
    "title", "publisher", "doc_number", "written_on", "formed_on", "validity", "effective_on",
    "ended_on", "topic", "genre", "category", "keywords", "summary", "disclosure",
    "withheld_reason", "reassess_on", "body", "doc_kind", "issued_on", "repealed_on",
)  # fmt: skip

# Who may decide each step (regulation.md §7): the editor does 初审, the section head 复审,
# the leader in charge 终审; 保密审查 by a reviewer or the leader.
STAGE_ROLES: dict[review.Stage, frozenset[str]] = {
    review.Stage.SECRECY: frozenset({Role.REVIEWER, Role.LEADER}),
    review.Stage.FIRST: frozenset({Role.CLERK, Role.REVIEWER}),
    review.Stage.SECOND: frozenset({Role.REVIEWER}),
    review.Stage.FINAL: frozenset({Role.LEADER}),
}


def _check_transition(entry: Entry, target: str) -> None:
    if target not in TRANSITIONS[entry.status]:
        raise ValidationError(
            f"“{entry.title}”现为{Status(entry.status).label}，不能变为{Status(target).label}"
        )


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
    if problems:
        raise ValidationError(problems)
    index_entry(entry)


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
    now = timezone.now()
    entry = Entry(agency=agency, created_by=actor.user, created_at=now, updated_at=now, **fields)
    if entry.formed_on is None:
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
        if locked.status != Status.DRAFT:
            raise ValidationError("只有草稿可以修改；已公开的信息请用“废止”或“撤回”")
        before = audit.snapshot(locked, fields)
        for name, value in fields.items():
            setattr(locked, name, value)
        _clean(locked)
        locked.updated_at = timezone.now()
        locked.save()
        audit.record(
            actor=actor, action="catalogue.edited", obj=locked, agency=locked.agency,
            changes=audit.diff(before, audit.snapshot(locked, fields)),
        )  # fmt: skip
    return locked


def submit(*, actor: audit.Actor, entry: Entry) -> Entry:
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        _check_transition(locked, Status.IN_REVIEW)
        locked.status = Status.IN_REVIEW
        locked.review_round += 1
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "review_round", "updated_at"])
        audit.record(
            actor=actor, action="catalogue.submitted", obj=locked, agency=locked.agency,
            changes={"round": locked.review_round},
        )  # fmt: skip
    return locked


def round_decisions(entry: Entry) -> list[review.Decision]:
    return [
        review.Decision(review.Stage(step.stage), step.reviewer_id, step.passed, step.opinion)
        for step in entry.review_steps.filter(round=entry.review_round).order_by("at", "pk")
    ]


def decide(
    *,
    actor: audit.Actor,
    entry: Entry,
    stage: review.Stage,
    passed: bool,
    opinion: str,
    calendar: Calendar | None = None,
    on: dt.date | None = None,
) -> Entry:
    """``on`` is the publication date if this decision publishes; today unless loading history."""
    user = actor.user
    if user is None:
        raise PermissionDenied("审核须由登录的人员进行")
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("agency").get(pk=entry.pk)
        if locked.status != Status.IN_REVIEW:
            raise ValidationError(f"“{locked.title}”不在审核中")
        allowed = STAGE_ROLES[stage]
        if not roles_at(user, locked.agency) & allowed:
            names = "或".join(Role(role).label for role in sorted(allowed))
            raise PermissionDenied(f"{stage.label}须由本机关的{names}进行")
        decision = review.Decision(stage, user.pk, passed, opinion)
        try:
            review.check_decision(round_decisions(locked), decision)
        except review.ReviewError as exc:
            raise ValidationError(exc.message) from None
        now = timezone.now()
        ReviewStep.objects.create(
            entry=locked, round=locked.review_round, stage=stage.value, passed=passed,
            opinion=opinion.strip(), reviewer=user,
            reviewer_name=user.get_full_name() or user.get_username(), at=now,
        )  # fmt: skip
        audit.record(
            actor=actor, action=f"catalogue.review.{stage.value}", obj=locked,
            agency=locked.agency, changes={"passed": passed, "opinion": opinion.strip()},
        )  # fmt: skip
        if not passed:
            locked.status = Status.DRAFT
            locked.updated_at = now
            locked.save(update_fields=["status", "updated_at"])
        elif review.may_publish(round_decisions(locked)):
            _publish(actor, locked, on or timezone.localdate(now), calendar or current_calendar())
    return locked


def _publish(actor: audit.Actor, entry: Entry, today: dt.date, calendar: Calendar) -> None:
    _check_transition(entry, Status.PUBLISHED)
    # An entry re-reviewed after an Art. 18 reassessment keeps the number it was given.
    if not entry.index_number:
        entry.index_number = take_index_number(entry.agency, today)
    entry.published_on = today
    entry.status = Status.PUBLISHED
    try:
        check = timeliness.check(calendar, formed_on=entry.formed_on, published_on=today)
    except UnknownYearError as exc:
        entry.late, entry.late_note = False, f"无法检查第二十六条时限：{exc.message}"
    except ValueError as exc:
        raise ValidationError(f"{exc}（形成或变更日期不能晚于发布日期）") from None
    else:
        entry.late, entry.late_note = check.late, check.message
    entry.updated_at = timezone.now()
    index_entry(entry)
    entry.save()
    audit.record(
        actor=actor, action="catalogue.published", obj=entry, agency=entry.agency,
        changes={"index_number": entry.index_number, "late": entry.late},
    )  # fmt: skip


def repeal(
    *, actor: audit.Actor, entry: Entry, on: dt.date, validity: str = Validity.REPEALED
) -> Entry:
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.status != Status.PUBLISHED:
            raise ValidationError("只有已公开的文件可以标记为失效或废止")
        if locked.issued_on and on < locked.issued_on:
            raise ValidationError("废止日期早于印发日期，请核对")
        locked.validity = validity
        locked.ended_on = on
        if validity == Validity.REPEALED:
            locked.repealed_on = on
        locked.updated_at = timezone.now()
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
    if not reason.strip():
        raise ValidationError("撤回须写明理由")
    with transaction.atomic():
        locked = Entry.objects.select_for_update().select_related("agency").get(pk=entry.pk)
        if not may_withdraw(actor.user, locked.agency):
            raise PermissionDenied("只有本机关的主动公开工作人员可以撤回本机关的信息")
        _check_transition(locked, Status.WITHDRAWN)
        locked.status = Status.WITHDRAWN
        locked.updated_at = timezone.now()
        locked.save(update_fields=["status", "updated_at"])
        audit.record(
            actor=actor, action="catalogue.withdrawn", obj=locked, agency=locked.agency,
            changes={"reason": reason.strip(), "index_number": locked.index_number},
        )  # fmt: skip
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
            if locked.status == Status.WITHDRAWN:
                raise ValidationError("该信息已撤回，不能转为主动公开；如需公开请重新拟稿")
            today = timezone.localdate()
            changes = {"status": locked.status, "formed_on": locked.formed_on}
            locked.disclosure = Disclosure.PROACTIVE
            locked.reassess_on = None
            locked.formed_on = today
            if locked.status in (Status.PUBLISHED, Status.IN_REVIEW):
                if locked.status == Status.PUBLISHED:
                    _check_transition(locked, Status.IN_REVIEW)
                locked.status = Status.IN_REVIEW
                locked.review_round += 1
            index_entry(locked)
        else:
            if next_on is None or next_on <= timezone.localdate():
                raise ValidationError("继续不公开的，须定下一次复核日期（今天以后）")
            locked.reassess_on = next_on
        locked.updated_at = timezone.now()
        locked.save()
        audit.record(
            actor=actor, action="catalogue.reassessed", obj=locked, agency=locked.agency,
            changes={
                "disclose": disclose, "next_on": next_on, "note": note.strip(),
                **{f"previous_{name}": value for name, value in changes.items()},
            },
        )  # fmt: skip
    return locked
