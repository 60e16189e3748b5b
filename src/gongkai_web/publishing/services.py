"""The only write path of the publishing app: each function is one transaction with its
audit row."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from gongkai.publishing import review, search_text, timeliness
from gongkai.publishing.index_number import IndexTemplate, TemplateError
from gongkai.publishing.registers import DecisionRow
from gongkai.workdays import Calendar, UnknownYearError
from gongkai_web.audit import services as audit
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.operations.files import store_file
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import roles_at
from gongkai_web.publishing import guide as guide_text
from gongkai_web.publishing.models import (
    TRANSITIONS,
    Attachment,
    Category,
    DecisionRecord,
    Disclosure,
    DocKind,
    Entry,
    FeeRecord,
    Guide,
    IndexCounter,
    PublishingSettings,
    ReviewStep,
    SensitiveWord,
    Status,
    Validity,
)

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

ATTACHMENT_TYPES = {
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
}
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


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
    if entry.repealed_on and entry.issued_on and entry.repealed_on < entry.issued_on:
        problems["repealed_on"] = "废止日期早于印发日期，请核对"
    if entry.category.agency_id != entry.agency_id:
        problems["category"] = "目录分类不属于本机关"
    if problems:
        raise ValidationError(problems)
    _index(entry)


def _index(entry: Entry) -> None:
    """The search columns, rewritten on every save that may change them."""
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


def attach(*, actor: audit.Actor, entry: Entry, name: str, data: bytes) -> Attachment:
    suffix = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if suffix not in ATTACHMENT_TYPES:
        raise ValidationError(
            f"附件“{name}”的类型不受支持；只能上传 PDF、DOCX、XLSX、PNG、JPG 文件"
        )
    if len(data) > ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            f"附件“{name}”有 {len(data) / 1048576:.1f} MB，"
            f"超过 {ATTACHMENT_MAX_BYTES >> 20} MB 上限"
        )
    if not data:
        raise ValidationError(f"附件“{name}”是空文件")
    with transaction.atomic():
        stored = store_file(
            actor=actor, name=name, data=data, content_type=ATTACHMENT_TYPES[suffix],
            agency=entry.agency,
        )  # fmt: skip
        attachment = Attachment.objects.create(
            entry=entry, file=stored, position=entry.attachments.count()
        )
        audit.record(
            actor=actor, action="catalogue.attached", obj=entry, agency=entry.agency,
            changes={"file": name, "sha256": stored.sha256},
        )  # fmt: skip
    return attachment


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
    _index(entry)
    entry.save()
    audit.record(
        actor=actor, action="catalogue.published", obj=entry, agency=entry.agency,
        changes={"index_number": entry.index_number, "late": entry.late},
    )  # fmt: skip


def index_template(agency: Agency) -> IndexTemplate:
    configured = PublishingSettings.objects.filter(agency=agency).first()
    text = configured.index_template if configured else PublishingSettings().index_template
    try:
        return IndexTemplate.parse(text)
    except TemplateError as exc:
        raise ValidationError(f"{agency.name}的索引号模板有误：{exc.message}") from None


def take_index_number(agency: Agency, today: dt.date) -> str:
    """The next number of the agency's year. Must run inside the publishing transaction: the
    counter row stays locked until it commits, so concurrent publishers queue here, and a
    rolled-back publication gives its number back with the rollback (none is ever used twice).
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("take_index_number must run inside the publishing transaction")
    template = index_template(agency)
    # get_or_create retries the (locking) get when a concurrent publisher created the row first.
    row, _ = IndexCounter.objects.select_for_update().get_or_create(agency=agency, year=today.year)
    row.last_serial += 1
    row.save(update_fields=["last_serial"])
    return template.render(
        credit_code=agency.credit_code, year=today.year, month=today.month, serial=row.last_serial
    )


def set_index_template(*, actor: audit.Actor, agency: Agency, text: str) -> PublishingSettings:
    try:
        IndexTemplate.parse(text)
    except TemplateError as exc:
        raise ValidationError({"index_template": exc.message}) from None
    with transaction.atomic():
        settings, _ = PublishingSettings.objects.select_for_update().get_or_create(agency=agency)
        before = settings.index_template
        settings.index_template = text.strip()
        settings.save()
        audit.record(
            actor=actor, action="catalogue.index_template", obj=settings, agency=agency,
            changes={"index_template": [before, settings.index_template]},
        )  # fmt: skip
    return settings


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
        _index(locked)
        locked.save()
        audit.record(
            actor=actor, action="catalogue.repealed", obj=locked, agency=locked.agency,
            changes={"validity": validity, "on": on},
        )  # fmt: skip
    return locked


def withdraw(*, actor: audit.Actor, entry: Entry, reason: str) -> Entry:
    if not reason.strip():
        raise ValidationError("撤回须写明理由")
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
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
    """Art. 18: a withheld item looked at again; either it becomes proactive or gets a new date."""
    with transaction.atomic():
        locked = Entry.objects.select_for_update().get(pk=entry.pk)
        if locked.disclosure == Disclosure.PROACTIVE:
            raise ValidationError("该信息已是主动公开，不需要复核")
        if disclose:
            locked.disclosure = Disclosure.PROACTIVE
            locked.reassess_on = None
        else:
            if next_on is None or next_on <= timezone.localdate():
                raise ValidationError("继续不公开的，须定下一次复核日期（今天以后）")
            locked.reassess_on = next_on
        locked.updated_at = timezone.now()
        locked.save()
        audit.record(
            actor=actor, action="catalogue.reassessed", obj=locked, agency=locked.agency,
            changes={"disclose": disclose, "next_on": next_on, "note": note.strip()},
        )  # fmt: skip
    return locked


def create_category(
    *, actor: audit.Actor, agency: Agency, name: str, parent: Category | None = None,
    position: int = 0, description: str = "",
) -> Category:  # fmt: skip
    with transaction.atomic():
        category = Category.objects.create(
            agency=agency, name=name, parent=parent, position=position, description=description
        )
        audit.record(
            actor=actor, action="catalogue.category", obj=category, agency=agency,
            changes={"name": name, "parent": parent.name if parent else ""},
        )  # fmt: skip
    return category


def add_sensitive_word(
    *, actor: audit.Actor, word: str, kind: str, suggestion: str = "", agency: Agency | None = None
) -> SensitiveWord:
    from gongkai.publishing.wordcheck import WordKind

    word = word.strip()
    if not word:
        raise ValidationError({"word": "请填写词语"})
    if kind not in {k.value for k in WordKind}:
        raise ValidationError({"kind": f"未知的类别“{kind}”"})
    if kind != WordKind.SENSITIVE.value and not suggestion.strip():
        raise ValidationError({"suggestion": "错误表述和过时名称须给出建议用语"})
    if SensitiveWord.objects.filter(agency=agency, word=word).exists():
        raise ValidationError({"word": f"“{word}”已在词库中"})
    with transaction.atomic():
        entry = SensitiveWord.objects.create(
            agency=agency, word=word, kind=kind, suggestion=suggestion.strip()
        )
        audit.record(
            actor=actor, action="wordcheck.added", obj=entry, agency=agency,
            changes={"word": word, "kind": kind, "suggestion": entry.suggestion},
        )  # fmt: skip
    return entry


# --- registers -----------------------------------------------------------------------------


class ImportRejected(ValidationError):
    """The whole file is refused; ``rows`` lists every problem found."""

    def __init__(self, rows: list[str]) -> None:
        self.rows = rows
        super().__init__(rows)


def add_decisions(
    *, actor: audit.Actor, agency: Agency, kind: str, rows: list[DecisionRow], source: str = ""
) -> list[DecisionRecord]:
    with transaction.atomic():
        now = timezone.now()
        try:
            with transaction.atomic():
                created = DecisionRecord.objects.bulk_create(
                    DecisionRecord(
                        agency=agency, kind=kind, number=row.number, party=row.party,
                        party_kind=row.party_kind, decided_on=row.decided_on, matter=row.matter,
                        decision=row.decision, created_at=now,
                    )
                    for row in rows
                )  # fmt: skip
        except IntegrityError:
            raise ImportRejected(["有决定书文号已登记过，请核对后重新导入"]) from None
        audit.record(
            actor=actor, action=f"register.{kind}.added", agency=agency,
            object_type="publishing.decisionrecord",
            object_id=",".join(str(r.pk) for r in created[:50]),
            changes={"count": len(created), "source": source},
        )  # fmt: skip
    return created


def add_fee(
    *, actor: audit.Actor, agency: Agency, item: str, basis: str, amount: str | Decimal,
    collected_on: dt.date,
) -> FeeRecord:  # fmt: skip
    try:
        value = Decimal(str(amount).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationError({"amount": f"金额“{amount}”不是数字"}) from None
    if value <= 0 or value != value.quantize(Decimal("0.01")):
        raise ValidationError({"amount": "金额须为正数，单位元，最多两位小数"})
    if not item.strip() or not basis.strip():
        raise ValidationError("请填写收费项目和收费依据")
    with transaction.atomic():
        fee = FeeRecord.objects.create(
            agency=agency, item=item.strip(), basis=basis.strip(), amount=value,
            collected_on=collected_on, created_at=timezone.now(),
        )  # fmt: skip
        audit.record(
            actor=actor, action="register.fee.added", obj=fee, agency=agency,
            changes={"item": fee.item, "amount": value, "collected_on": collected_on},
        )  # fmt: skip
    return fee


def publish_guide(*, actor: audit.Actor, agency: Agency) -> Guide:
    if actor.user is None:
        raise PermissionDenied("发布指南须由登录的人员进行")
    with transaction.atomic():
        Agency.objects.select_for_update().filter(pk=agency.pk).first()
        latest = Guide.objects.filter(agency=agency).order_by("-version").first()
        body = guide_text.compose(agency)
        if latest is not None and latest.body == body:
            raise ValidationError("指南内容与当前版本相同，无需重新发布")
        guide = Guide.objects.create(
            agency=agency, version=(latest.version + 1) if latest else 1, body=body,
            published_at=timezone.now(), published_by=actor.user,
        )  # fmt: skip
        audit.record(
            actor=actor, action="guide.published", obj=guide, agency=agency,
            changes={"version": guide.version},
        )  # fmt: skip
    return guide
