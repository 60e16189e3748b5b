"""索引号: the agency's template and the locked per-year counter that numbers publications."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.publishing.index_number import IndexTemplate, TemplateError
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import IndexCounter, PublishingSettings


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
