import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from gongkai_web.publishing import selectors, services


def test_it_brings_withheld_items_back_for_reassessment_on_their_date(desk, login_as):
    today = timezone.localdate()
    due = desk.draft(
        title="内部工作流程",
        disclosure="withheld",
        withheld_reason="《条例》第十六条内部事务",
        reassess_on=today,
    )
    later = desk.draft(
        title="过程稿",
        disclosure="withheld",
        withheld_reason="《条例》第十六条过程信息",
        reassess_on=today + dt.timedelta(days=30),
    )

    assert list(selectors.due_for_reassessment(desk.agency, today)) == [due]
    assert "内部工作流程" in login_as("jiaoyu_clerk").get("/publishing/reassess/").content.decode()

    with pytest.raises(ValidationError, match="下一次复核日期"):
        services.reassess(
            actor=desk.actor("jiaoyu_reviewer"), entry=due, disclose=False, next_on=today, note=""
        )
    services.reassess(
        actor=desk.actor("jiaoyu_reviewer"),
        entry=due,
        disclose=False,
        next_on=today + dt.timedelta(days=180),
        note="仍属内部事务",
    )
    assert list(selectors.due_for_reassessment(desk.agency, today)) == []

    opened = services.reassess(
        actor=desk.actor("jiaoyu_reviewer"),
        entry=later,
        disclose=True,
        next_on=None,
        note="已无不公开理由",
    )
    assert opened.disclosure == "proactive" and opened.reassess_on is None
