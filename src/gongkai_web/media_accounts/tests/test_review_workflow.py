import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai.media.review import Stage
from gongkai_web.media_accounts import services
from gongkai_web.media_accounts.models import PostStatus
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.models import Role

from .fixtures import actor, local

T = local(2024, 5, 6, 9)


def at(minutes):
    return T + dt.timedelta(minutes=minutes)


@pytest.fixture
def draft(cast, account):
    return services.draft_post(
        actor=actor(cast.user("jiaoyu_clerk")),
        account=account,
        title="截止目前工作动态",
        body="我局再接再励。",
    )


def sign_all(cast, post):
    clerk, reviewer, leader = (
        cast.user(u) for u in ("jiaoyu_clerk", "jiaoyu_reviewer", "jiaoyu_leader")
    )
    plan = [
        (clerk, Stage.FIRST_REVIEW),
        (clerk, Stage.PROOF_1),
        (reviewer, Stage.SECOND_REVIEW),
        (reviewer, Stage.PROOF_2),
        (leader, Stage.FINAL_REVIEW),
        (leader, Stage.PROOF_3),
    ]
    for n, (user, stage) in enumerate(plan):
        services.sign(actor=actor(user), post=post, stage=stage, opinion="同意", at=at(n))


def test_it_shows_the_draft_s_wording_hits(draft):
    assert [h.suggestion for h in services.wording_hits(draft)] == ["截至目前", "再接再厉"]


def test_it_makes_a_post_ready_after_six_signatures_and_then_publishes_it(cast, draft):
    sign_all(cast, draft)
    draft.refresh_from_db()
    assert (draft.status, draft.review_complete) == (PostStatus.READY, True)
    done = services.publish(
        actor=actor(cast.user("jiaoyu_clerk")),
        post=draft,
        at=at(60),
        link="https://mp.weixin.qq.com/s/x",
    )
    assert (done.status, done.review_complete, done.flagged) == (PostStatus.PUBLISHED, True, False)


def test_it_refuses_publication_before_the_record_is_complete(cast, draft):
    services.sign(
        actor=actor(cast.user("jiaoyu_clerk")), post=draft, stage=Stage.FIRST_REVIEW, at=at(0)
    )
    with pytest.raises(
        ValidationError, match="三审三校未完成（尚缺：复审、终审、一校、二校、三校）"
    ):
        services.publish(actor=actor(cast.user("jiaoyu_clerk")), post=draft, at=at(5))


def test_it_refuses_one_person_signing_two_reviews_even_holding_both_roles(cast, bureau, draft):
    clerk = cast.user("jiaoyu_clerk")
    organizations.grant_role(
        actor=actor(cast.user("sysadmin")), user=clerk, agency=bureau, role=Role.REVIEWER
    )
    services.sign(actor=actor(clerk), post=draft, stage=Stage.FIRST_REVIEW, at=at(0))
    with pytest.raises(
        ValidationError, match="三审须由不同人员签署：王登记已签署初审，不能再签署复审"
    ):
        services.sign(actor=actor(clerk), post=draft, stage=Stage.SECOND_REVIEW, at=at(1))


def test_it_refuses_a_step_out_of_order_and_a_signer_without_the_role(cast, draft):
    with pytest.raises(ValidationError, match="复审之前须先完成初审"):
        services.sign(
            actor=actor(cast.user("jiaoyu_reviewer")),
            post=draft,
            stage=Stage.SECOND_REVIEW,
            at=at(0),
        )
    with pytest.raises(PermissionDenied, match="没有签署终审的角色"):
        services.sign(
            actor=actor(cast.user("jiaoyu_clerk")), post=draft, stage=Stage.FINAL_REVIEW, at=at(0)
        )
    with pytest.raises(PermissionDenied):
        services.sign(
            actor=actor(cast.user("caizheng_clerk")), post=draft, stage=Stage.PROOF_1, at=at(0)
        )


def test_it_starts_a_new_round_when_a_reviewer_returns_the_draft(cast, draft):
    services.sign(
        actor=actor(cast.user("jiaoyu_clerk")), post=draft, stage=Stage.FIRST_REVIEW, at=at(0)
    )
    returned = services.return_post(
        actor=actor(cast.user("jiaoyu_reviewer")), post=draft, opinion="请改正错别字"
    )
    assert (returned.round, returned.status) == (2, PostStatus.DRAFT)
    # the first round's 初审 stays on record but no longer counts
    services.sign(
        actor=actor(cast.user("jiaoyu_clerk")), post=returned, stage=Stage.FIRST_REVIEW, at=at(10)
    )
    assert returned.steps.count() == 2


def test_it_writes_the_signed_approval_form(cast, draft, login_as):
    sign_all(cast, draft)
    response = login_as("jiaoyu_leader").get(f"/media/posts/{draft.pk}/form.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "截止目前工作动态" in body and "赵领导" in body and "李审核" in body
