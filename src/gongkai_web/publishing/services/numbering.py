"""索引号: the agency's template and the locked per-year counter that numbers publications.

A template change never touches a number already given (``Entry.index_number`` is written
once, at publication) and never lets one be given again: the counter belongs to the agency and
year, not to the template, so the serial keeps counting across a change; a serial whose number
an earlier template (of this agency or, by accident of wording, another) already gave is passed
over (``IndexTemplate.next_free``); and a template whose serial is too short for the numbers
this year still needs is refused when it is saved, rather than failing at the next publication.
``Entry.index_number`` is unique in the database as the last guard.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.publishing.index_number import IndexTemplate, TemplateError
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import Entry, IndexCounter, PublishingSettings
from gongkai_web.publishing.services._common import require_settings_editor

TEMPLATE_MAX_LENGTH: int = PublishingSettings._meta.get_field("index_template").max_length or 0
NUMBER_MAX_LENGTH: int = Entry._meta.get_field("index_number").max_length or 0


def index_template(agency: Agency) -> IndexTemplate:
    configured = PublishingSettings.objects.filter(agency=agency).first()
    text = configured.index_template if configured else PublishingSettings().index_template
    try:
        return IndexTemplate.parse(text)
    except TemplateError as exc:
        raise ValidationError(f"{agency.name}的索引号模板有误：{exc.message}") from None


def _taken(number: str) -> bool:
    # Any agency, any status: a withdrawn entry keeps its number, and entries are never deleted.
    return Entry.objects.filter(index_number=number).exists()


def last_serial(agency: Agency, year: int) -> int:
    found = IndexCounter.objects.filter(agency=agency, year=year).values_list("last_serial")
    return found[0][0] if found else 0


def check_index_template(*, agency: Agency, text: str, today: dt.date) -> IndexTemplate:
    """The template, parsed and checked against what the agency has numbered in ``today``'s year.
    Raises ValidationError (on the field ``index_template``) with the reason in Chinese."""
    try:
        template = IndexTemplate.parse(text)
    except TemplateError as exc:
        raise ValidationError({"index_template": exc.message}) from None
    if len(template.text) > TEMPLATE_MAX_LENGTH:
        raise ValidationError(
            {"index_template": f"索引号模板不能超过 {TEMPLATE_MAX_LENGTH} 个字符"}
        )
    # Every placeholder has a fixed width, so one rendering gives the length of them all.
    sample = template.render(
        credit_code=agency.credit_code, year=today.year, month=today.month, serial=1
    )
    if len(sample) > NUMBER_MAX_LENGTH:
        raise ValidationError(
            {"index_template": f"按此模板生成的索引号有 {len(sample)} 个字符，"
             f"超过 {NUMBER_MAX_LENGTH} 个字符的上限，请精简模板中的文字"}
        )  # fmt: skip
    last = last_serial(agency, today.year)
    if last + 1 >= 10**template.serial_width:
        raise ValidationError(
            {"index_template": f"本机关 {today.year} 年的流水号已编到 {last}，"
             f"模板中的 {template.serial_width} 位流水号容纳不下下一个号，"
             f"请至少使用 {len(str(last + 1))} 位（例如 {{{'N' * max(5, len(str(last + 1)))}}}）"}
        )  # fmt: skip
    return template


def preview_index_number(*, agency: Agency, text: str, today: dt.date) -> str:
    """The number the next publication on ``today`` would get under ``text``; nothing is taken.
    A publication by someone else before this one is saved would of course move it on."""
    template = check_index_template(agency=agency, text=text, today=today)
    _, number = template.next_free(
        credit_code=agency.credit_code, year=today.year, month=today.month,
        after=last_serial(agency, today.year), taken=_taken,
    )  # fmt: skip
    return number


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
    try:
        row.last_serial, number = template.next_free(
            credit_code=agency.credit_code, year=today.year, month=today.month,
            after=row.last_serial, taken=_taken,
        )  # fmt: skip
    except TemplateError as exc:
        raise ValidationError(f"{exc.message}（目录设置 → 索引号模板）") from None
    row.save(update_fields=["last_serial"])
    return number


def set_index_template(
    *, actor: audit.Actor, agency: Agency, text: str, today: dt.date | None = None
) -> PublishingSettings:
    """``today`` decides which year's numbers the new template must still have room for."""
    require_settings_editor(actor, agency)
    with transaction.atomic():
        # Two editors saving at once queue here, so each audit row's "before" is the truth.
        settings, _ = PublishingSettings.objects.select_for_update().get_or_create(agency=agency)
        template = check_index_template(agency=agency, text=text, today=today or clock.today())
        before = settings.index_template
        if template.text == before:
            raise ValidationError({"index_template": "索引号模板没有变化"})
        settings.index_template = template.text
        settings.save()
        audit.record(
            actor=actor, action="catalogue.index_template", obj=settings, agency=agency,
            changes={"index_template": [before, settings.index_template]},
        )  # fmt: skip
    return settings
