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


def test_it_sends_a_reviewed_item_turned_proactive_back_through_review_before_the_portal(
    client, desk, make_published, login_as
):
    today = timezone.localdate()
    entry = make_published(
        title="课后服务经费测算说明",
        disclosure="withheld",
        withheld_reason="《条例》第十六条过程信息",
        reassess_on=today,
    )
    number = entry.index_number
    reviewer = login_as("jiaoyu_reviewer")

    page = reviewer.post(
        "/publishing/reassess/",
        {"agency": desk.agency.pk, "entry": entry.pk, "disclose": "1", "note": "测算已定稿"},
        follow=True,
    ).content.decode()

    assert "已重新提交保密审查和三审" in page
    entry.refresh_from_db()
    assert (entry.disclosure, entry.status, entry.review_round) == ("proactive", "secrecy", 2)
    assert entry.formed_on == today
    assert client.get(f"/gk/entry/{entry.pk}/").status_code == 404
    assert "待保密审查" in reviewer.get(f"/publishing/{entry.pk}/").content.decode()

    from gongkai.publishing.review import Stage
    from gongkai_web.publishing.workflow import SecrecyConclusion

    for stage, username in (
        (Stage.SECRECY, "jiaoyu_reviewer"),
        (Stage.FIRST, "jiaoyu_editor"),
        (Stage.SECOND, "jiaoyu_reviewer"),
        (Stage.FINAL, "jiaoyu_leader"),
    ):
        entry = services.decide(
            actor=desk.actor(username), entry=entry, stage=stage, passed=True, opinion="同意",
            conclusion=SecrecyConclusion.NONE if stage is Stage.SECRECY else "",
        )  # fmt: skip
    assert (entry.status, entry.index_number) == ("published", number)
    assert client.get(f"/gk/entry/{entry.pk}/").status_code == 200
    found = selectors.search("经费测算", selectors.SearchFilters())
    assert [e.pk for e in found.entries] == [entry.pk]
