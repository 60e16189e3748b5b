"""The catalogue entry as a kind of reviewed record (table: gongkai.workflow.tables.catalogue).

Its gates: the 错敏词 of the title, summary, keywords, body and attachments (each hit changed
or acknowledged this round), and the 保密审查 conclusion. 终审 publishes: the 索引号 is taken
then, the publication date set, the Art. 26 time limit checked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from gongkai.publishing import timeliness
from gongkai.workdays import Calendar, UnknownYearError
from gongkai.workflow.lifecycle import Gate, Labelled, Move, Outcome
from gongkai.workflow.tables.catalogue import CATALOGUE_ENTRY, EntryAction, EntryState
from gongkai_web.audit import services as audit
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.publishing.models import Disclosure, Entry, EntryEvent
from gongkai_web.workflow.kinds import Deadline, Field, Inputs, TextGated, register
from gongkai_web.workflow.models import Event


class SecrecyConclusion(Labelled):
    """What 保密审查 concludes when it lets the entry go on (otherwise it is sent back)."""

    NONE = "none", "不涉及国家秘密、工作秘密，可以公开"
    DECLASSIFIED = "declassified", "涉密内容已删除或已依法解密，可以公开"

    @classmethod
    def label_of(cls, value: str) -> str:
        return dict(cls.choices()).get(value, "")


def interpretation_problems(entry: Entry) -> list[str]:
    """三同步: a policy document of a kind that needs one is published with its 解读 (already
    public, or passing 终审 now), or with the recorded reason it has none."""
    from gongkai_web.publishing.services.entries import interpretation_kinds

    if entry.disclosure != Disclosure.PROACTIVE or entry.doc_kind not in interpretation_kinds():
        return []
    if entry.no_interpretation_reason.strip():
        return []
    ready = entry.interpretations.filter(status__in=(EntryState.FINAL, EntryState.PUBLISHED))
    if ready.exists():
        return []
    kind = entry.get_doc_kind_display()
    return [
        f"{kind}须与政策解读同步公开（三同步）：请起草解读并在“所解读的文件”中选择本文件，"
        "解读进入终审或已公开后再终审本文件；确无需解读的，请退回拟稿人写明理由"
    ]


class EntryKind(TextGated):
    lifecycle = CATALOGUE_ENTRY
    model = Entry
    event_model = EntryEvent
    audit_prefix = "catalogue"
    related = ("agency", "category")
    waits = frozenset({EntryAction.SUBMIT.value})

    def url(self, record: Any) -> str:
        return reverse("publishing:detail", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"《{record.title}》"

    def deadline(self, record: Any, calendar: Calendar, today: dt.date) -> Deadline | None:
        """Art. 26: public within 20 working days of being made or changed."""
        try:
            due = calendar.add_working_days(record.formed_on, timeliness.ART26_WORKING_DAYS)
        except UnknownYearError as exc:
            return Deadline(None, f"无法计算第二十六条公开期限：{exc.message}")
        late = today > due
        state = "已超过" if late else "应于此前公开"
        return Deadline(due, f"第二十六条公开期限 {due.isoformat()}（{state}）", late)

    def problems(self, record: Any, gate: Gate, round_events: Sequence[Event],
                 inputs: Inputs) -> list[str]:  # fmt: skip
        if gate is Gate.SECRECY and not SecrecyConclusion.label_of(
            str(inputs.data.get("conclusion", ""))
        ):
            return ["请选择保密审查结论；涉密内容未处理的，请退回拟稿人"]
        if gate is Gate.INTERPRETATION:
            return interpretation_problems(record)
        return super().problems(record, gate, round_events, inputs)

    def texts(self, record: Any) -> list[tuple[str, str]]:
        """The entry's fields, then each attachment's text layer."""
        from gongkai_web.publishing.selectors import attachment_texts

        fields = [("名称", record.title), ("内容概述", record.summary),
                  ("关键词", record.keywords), ("正文", record.body)]  # fmt: skip
        return fields + [(f"附件“{name}”", text) for name, text in attachment_texts(record)]

    def fields(self, move: Move[Any, Any]) -> list[Field]:
        if move.action is EntryAction.PASS_SECRECY:
            choices = tuple(SecrecyConclusion.choices())
            return [Field("conclusion", "保密审查结论", choices, required=False)]
        return []

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        record.updated_at = now
        if outcome.move.action is EntryAction.PASS_SECRECY:
            conclusion = str(inputs.data.get("conclusion", ""))
            inputs.data["conclusion_label"] = SecrecyConclusion.label_of(conclusion)
        if outcome.after is EntryState.PUBLISHED and outcome.move.action is EntryAction.PASS_FINAL:
            return publish(record, inputs.on or timezone.localdate(now), inputs.context)
        return {}


def publish(entry: Entry, today: dt.date, context: dict[str, Any]) -> dict[str, Any]:
    """终审 passed: number, date, the Art. 26 check and the search columns."""
    from gongkai_web.publishing.services.entries import index_entry
    from gongkai_web.publishing.services.numbering import take_index_number

    # An entry re-reviewed after an Art. 18 reassessment keeps the number it was given.
    if not entry.index_number:
        entry.index_number = take_index_number(entry.agency, today)
    entry.published_on = today
    calendar = context.get("calendar") or current_calendar()
    try:
        check = timeliness.check(
            calendar, formed_on=entry.formed_on, published_on=today,
            limit=entry.category.time_limit,
        )  # fmt: skip
    except UnknownYearError as exc:
        entry.late, entry.late_note = False, f"无法检查公开时限：{exc.message}"
    except ValueError as exc:
        raise ValidationError(f"{exc}（形成或变更日期不能晚于发布日期）") from None
    else:
        entry.late, entry.late_note = check.late, check.message[:200]
    index_entry(entry)  # the move sets the state itself, once this returns
    return {"index_number": entry.index_number, "late": entry.late, "published_on": today}


ENTRY = register(EntryKind())
