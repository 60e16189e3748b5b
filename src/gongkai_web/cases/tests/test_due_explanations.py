"""Every due date on the case page explains itself, day by day (holidays, 调休, weekends)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from gongkai_web.cases import services, timekeeping
from gongkai_web.cases.models import Application

pytestmark = pytest.mark.django_db
D = dt.date


def explained(page: str, key: str) -> list[str]:
    found = re.search(rf'<details id="explain-{key}">(.*?)</details>', page, re.S)
    assert found is not None, f"no explanation of {key} on the page"
    return re.findall(r"<li>(.*?)</li>", found.group(1))


def test_it_explains_the_correction_notice_and_fee_payment_due_dates_on_the_case_page(
    submit, actors, cast, login_as, frozen_clock
) -> None:
    application = submit(received=D(2025, 3, 31))
    frozen_clock.set(D(2025, 4, 1))
    client = login_as("jiaoyu_clerk")
    url = reverse("cases:detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'id="correction-notice-due">2025-04-10<' in page
    notice = explained(page, "correction_notice")
    assert notice[0].startswith("2025年3月31日收到申请；")
    assert "2025年4月4日至2025年4月6日为清明放假，不计。" in notice
    assert notice[-1] == "第7个工作日为2025年4月10日，即补正告知期限（条例第三十条）。"
    assert explained(page, "reply")[-1].endswith("即答复期限。")

    clerk = actors["clerk"]
    on = D(2025, 4, 1)
    services.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=None,
        on=on,
        today=on,
    )
    services.sign_for(
        actor=clerk, application=Application.objects.get(pk=application.pk), on=on, today=on
    )
    services.fee_notice(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        on=D(2025, 4, 1),
        today=D(2025, 4, 1),
        method="per_page",
        pages=250,
        calendar=timekeeping.calendar(),
    )
    page = client.get(url).content.decode()
    fee = explained(page, "fee_payment")
    assert fee[0].startswith("2025年4月1日申请人收到收费通知；")
    assert "2025年4月27日（星期日）为劳动节调休上班日，计第18个工作日。" in fee
    assert fee[-1] == "第20个工作日为2025年4月29日，即缴费期限（国办函〔2020〕109号）。"
    assert "缴费期限 2025-04-29" in page
