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
from gongkai.workdays import UnknownYearError
from gongkai.workflow.gates import Found, open_words, word_problems
from gongkai.workflow.lifecycle import Gate, Labelled, Move, Outcome
from gongkai.workflow.tables.catalogue import CATALOGUE_ENTRY, EntryAction, EntryState
from gongkai_web.audit import services as audit
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.publishing.models import Entry, EntryEvent
from gongkai_web.workflow.kinds import Field, Inputs, Kind, register
from gongkai_web.workflow.models import Event


class SecrecyConclusion(Labelled):
    """What 保密审查 concludes when it lets the entry go on (otherwise it is sent back)."""

    NONE = "none", "不涉及国家秘密、工作秘密，可以公开"
    DECLASSIFIED = "declassified", "涉密内容已删除或已依法解密，可以公开"

    @classmethod
    def label_of(cls, value: str) -> str:
        return dict(cls.choices()).get(value, "")


def acknowledged_words(round_events: Sequence[Event]) -> set[str]:
    words: set[str] = set()
    for event in round_events:
        if event.action == EntryAction.ACKNOWLEDGE:
            words.update(event.data.get("words", []))
    return words


def flagged(entry: Entry) -> list[Found]:
    """Every 错敏词 hit in the entry: its fields, then each attachment's text."""
    from gongkai_web.publishing.selectors import attachment_texts, matcher_for, word_check

    found = [Found(field.label, hit) for field in word_check(entry) for hit in field.hits]
    matcher = matcher_for(entry.agency)
    for name, text in attachment_texts(entry):
        found += [Found(f"附件“{name}”", hit) for hit in matcher.find(text)]
    return found


class EntryKind(Kind):
    lifecycle = CATALOGUE_ENTRY
    model = Entry
    event_model = EntryEvent
    audit_prefix = "catalogue"
    related = ("agency", "category")

    def url(self, record: Any) -> str:
        return reverse("publishing:detail", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"《{record.title}》"

    def problems(self, record: Any, gate: Gate, round_events: Sequence[Event],
                 inputs: Inputs) -> list[str]:  # fmt: skip
        if gate is Gate.WORDS:
            return word_problems(flagged(record), acknowledged_words(round_events))
        if gate is Gate.SECRECY and not SecrecyConclusion.label_of(
            str(inputs.data.get("conclusion", ""))
        ):
            return ["请选择保密审查结论；涉密内容未处理的，请退回拟稿人"]
        return []

    def acknowledgeable(self, record: Any, round_events: Sequence[Event]) -> list[tuple[str, str]]:
        found = open_words(flagged(record), acknowledged_words(round_events))
        return [(item.hit.word, f"{item.where}：{item.hit.message}") for item in found]

    def fields(self, move: Move[Any, Any]) -> list[Field]:
        if move.action is EntryAction.PASS_SECRECY:
            return [
                Field("conclusion", "保密审查结论", SecrecyConclusion.choices(), required=False)
            ]
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
        check = timeliness.check(calendar, formed_on=entry.formed_on, published_on=today)
    except UnknownYearError as exc:
        entry.late, entry.late_note = False, f"无法检查第二十六条时限：{exc.message}"
    except ValueError as exc:
        raise ValidationError(f"{exc}（形成或变更日期不能晚于发布日期）") from None
    else:
        entry.late, entry.late_note = check.late, check.message
    entry.status = EntryState.PUBLISHED
    index_entry(entry)
    return {"index_number": entry.index_number, "late": entry.late, "published_on": today}


ENTRY = register(EntryKind())
