"""The form shows how soon the agency replies: median and 90th percentile of the working days
from receipt to reply over the last 12 months, as the statutory clock counts them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai_web.cases import reply_stats, services
from gongkai_web.cases.models import Application

from .conftest import BUREAU, CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date
TODAY = D(2025, 6, 2)


def replied(submit, actors, cast, received: D, replied_on: D, consult: tuple[D, D] | None = None):  # type: ignore[no-untyped-def]
    application = submit(received=received)
    clerk, on = actors["clerk"], received
    bureau = cast.agency(BUREAU)

    def fresh() -> Application:
        return Application.objects.get(pk=application.pk)

    services.assign(actor=clerk, application=fresh(), unit=bureau,
                    handler=cast.user("jiaoyu_clerk"), on=on, today=on)  # fmt: skip
    services.sign_for(actor=clerk, application=fresh(), on=on, today=on)
    if consult:
        start, end = consult
        services.start_consultation(actor=clerk, application=fresh(), on=start, today=start,
                                    kind="other_agency", party="区财政局")  # fmt: skip
        services.end_consultation(actor=clerk, application=fresh(), on=end, today=end,
                                  opinion="同意公开")  # fmt: skip
    services.submit_draft(actor=clerk, application=fresh(), on=replied_on, today=replied_on,
                          disposition="granted")  # fmt: skip
    services.review(actor=actors["reviewer"], application=fresh(), on=replied_on,
                    today=replied_on, approve=True)  # fmt: skip
    services.sign(actor=actors["leader"], application=fresh(), on=replied_on, today=replied_on)
    return fresh()


@pytest.fixture(autouse=True)
def fixed_today(frozen_clock, monkeypatch, settings) -> None:  # type: ignore[no-untyped-def]
    frozen_clock.set(TODAY)
    settings.GONGKAI_REPLY_TIMES_MIN = 3


def test_it_shows_the_median_and_90th_percentile_of_working_days_to_reply(
    cast, submit, actors
) -> None:
    monday = D(2025, 3, 3)
    replied(submit, actors, cast, monday, D(2025, 3, 10))  # 5 working days
    replied(submit, actors, cast, monday, D(2025, 3, 17))  # 10
    # 22 working days after receipt, of which the consultation stopped 3 (27, 28, 31 March).
    replied(submit, actors, cast, monday, D(2025, 4, 2), consult=(D(2025, 3, 26), D(2025, 3, 31)))
    days = reply_stats.reply_days(cast.agency(BUREAU), TODAY, CALENDAR)
    assert sorted(days) == [5, 10, 19]
    html = Client().get(f"/apply/?agency={cast.agency(BUREAU).pk}").content.decode()
    assert "近12个月答复的 3 件申请" in html
    assert "一半在 <strong>10</strong> 个工作日内" in html
    assert "九成在 <strong>19</strong> 个工作日内" in html


def test_it_says_there_is_not_enough_data_below_the_minimum(cast, submit, actors) -> None:
    replied(submit, actors, cast, D(2025, 3, 3), D(2025, 3, 10))
    submit(received=D(2025, 3, 3))  # not replied: not counted
    html = (
        Client()
        .post("/apply/assist/", {"agency": cast.agency(BUREAU).pk, "description": ""})
        .content.decode()
    )
    assert "暂无足够数据" in html
    assert "不足 3 件" in html


def test_it_leaves_out_replies_older_than_twelve_months_and_closures(cast, submit, actors) -> None:
    replied(submit, actors, cast, D(2024, 3, 1), D(2024, 3, 8))
    application = submit(received=D(2025, 3, 3))
    services.withdraw(actor=actors["clerk"], application=application, on=D(2025, 3, 20),
                      today=D(2025, 3, 20), reason="申请人书面撤回申请")  # fmt: skip
    assert reply_stats.reply_days(cast.agency(BUREAU), TODAY, CALENDAR) == []
