import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.publishing.review import Stage
from gongkai_web.audit.models import AuditEntry
from gongkai_web.publishing import services
from gongkai_web.publishing.models import ReviewStep, Status


def test_it_publishes_only_after_secrecy_review_and_three_reviews_by_three_people(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    steps = [
        (Stage.SECRECY, "jiaoyu_reviewer"),
        (Stage.FIRST, "jiaoyu_clerk"),
        (Stage.SECOND, "jiaoyu_reviewer"),
    ]
    for stage, who in steps:
        entry = services.decide(
            actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion="同意"
        )
        assert entry.status == Status.IN_REVIEW
        assert entry.index_number is None

    entry = services.decide(
        actor=desk.actor("jiaoyu_leader"),
        entry=entry,
        stage=Stage.FINAL,
        passed=True,
        opinion="同意发布",
    )

    assert entry.status == Status.PUBLISHED
    assert entry.index_number == f"{desk.agency.credit_code}/{dt.date.today().year}-00001"
    assert [s.reviewer_name for s in ReviewStep.objects.filter(entry=entry)] == [
        "李审核",
        "王登记",
        "李审核",
        "赵领导",
    ]
    assert (
        AuditEntry.objects.filter(action="catalogue.published", object_id=str(entry.pk)).count()
        == 1
    )


def test_it_refuses_a_person_doing_two_of_the_three_reviews(desk, cast):
    from gongkai_web.audit.services import SYSTEM
    from gongkai_web.organizations import services as org
    from gongkai_web.organizations.models import Role

    # The reviewer also holds the leader role, and tries to do 复审 and 终审 alone.
    org.grant_role(
        actor=SYSTEM, user=cast.user("jiaoyu_reviewer"), agency=desk.agency, role=Role.LEADER
    )
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    for stage, who in (
        (Stage.SECRECY, "jiaoyu_leader"),
        (Stage.FIRST, "jiaoyu_clerk"),
        (Stage.SECOND, "jiaoyu_reviewer"),
    ):
        entry = services.decide(
            actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion=""
        )

    with pytest.raises(ValidationError, match="三个不同的人"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"),
            entry=entry,
            stage=Stage.FINAL,
            passed=True,
            opinion="",
        )
    entry.refresh_from_db()
    assert entry.status == Status.IN_REVIEW and entry.index_number is None


def test_it_refuses_steps_out_of_order_and_by_the_wrong_role(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="现在应进行保密审查"):
        services.decide(
            actor=desk.actor("jiaoyu_clerk"),
            entry=entry,
            stage=Stage.FIRST,
            passed=True,
            opinion="",
        )
    with pytest.raises(PermissionDenied, match="终审须由本机关的分管领导"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"),
            entry=entry,
            stage=Stage.FINAL,
            passed=True,
            opinion="",
        )


def test_it_returns_a_rejected_item_to_its_drafter_with_the_reason_and_starts_a_new_round(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="理由"):
        services.decide(
            actor=desk.actor("jiaoyu_reviewer"),
            entry=entry,
            stage=Stage.SECRECY,
            passed=False,
            opinion="",
        )

    entry = services.decide(
        actor=desk.actor("jiaoyu_reviewer"),
        entry=entry,
        stage=Stage.SECRECY,
        passed=False,
        opinion="附件含学生身份证号",
    )

    assert entry.status == Status.DRAFT
    assert ReviewStep.objects.get(entry=entry, passed=False).opinion == "附件含学生身份证号"
    services.update_entry(actor=desk.actor("jiaoyu_clerk"), entry=entry, body="已删去个人信息。")
    published = desk.publish(entry)
    assert published.review_round == 2 and published.status == Status.PUBLISHED


def test_it_refuses_editing_after_submission(desk):
    entry = services.submit(actor=desk.actor("jiaoyu_clerk"), entry=desk.draft())
    with pytest.raises(ValidationError, match="只有草稿可以修改"):
        services.update_entry(actor=desk.actor("jiaoyu_clerk"), entry=entry, title="改")


def test_it_flags_publication_later_than_twenty_working_days(desk, make_published):
    late = make_published(on=dt.date(2024, 11, 1), formed_on=dt.date(2024, 9, 20), title="迟发")
    timely = make_published(on=dt.date(2024, 10, 23), formed_on=dt.date(2024, 9, 20), title="按时")
    assert late.late and "超过《条例》第二十六条" in late.late_note
    assert not timely.late


def test_it_requires_a_reason_when_not_proactive(desk):
    with pytest.raises(ValidationError) as caught:
        desk.draft(disclosure="withheld")
    assert "withheld_reason" in caught.value.message_dict
