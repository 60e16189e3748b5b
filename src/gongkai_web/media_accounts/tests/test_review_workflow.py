"""三审三校 of a post by the post's lifecycle table: distinct people, the 错敏词 gate, the ways
out, and the printed 审核表 from the event rows (issue 13)."""

import datetime as dt
import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from gongkai.media.review import Stage
from gongkai.workflow.tables.media_post import PostAction
from gongkai_web.media_accounts import services
from gongkai_web.media_accounts.models import PostEvent, PostStatus
from gongkai_web.organizations import services as organizations
from gongkai_web.organizations.models import Role

from .fixtures import actor, local

T = local(2024, 5, 6, 9)


def at(minutes):
    return T + dt.timedelta(minutes=minutes)


@pytest.fixture
def draft(cast, account):
    """A draft by the clerk, with two flagged words, submitted for 三审三校."""
    post = services.draft_post(
        actor=actor(cast.user("jiaoyu_clerk")),
        account=account,
        title="截止目前工作动态",
        body="我局再接再励。",
    )
    return services.submit_post(actor=actor(cast.user("jiaoyu_clerk")), post=post)


def who(cast, name):
    return actor(cast.user(name))


def acknowledge(cast, post):
    return services.move(
        actor=who(cast, "jiaoyu_reviewer"), post=post, action=PostAction.ACKNOWLEDGE,
        words=["截止目前", "再接再励"], note="标题引用上级文件原文",
    )  # fmt: skip


PLAN = (
    ("jiaoyu_clerk", Stage.FIRST_REVIEW),
    ("jiaoyu_editor", Stage.PROOF_1),
    ("jiaoyu_reviewer", Stage.SECOND_REVIEW),
    ("jiaoyu_reviewer", Stage.PROOF_2),
    ("jiaoyu_leader", Stage.FINAL_REVIEW),
    ("jiaoyu_leader", Stage.PROOF_3),
)


def sign_all(cast, post):
    for n, (name, stage) in enumerate(PLAN):
        post = services.sign(
            actor=who(cast, name), post=post, stage=stage, opinion="同意", at=at(n)
        )
    return post


def test_it_shows_the_draft_s_wording_hits(draft):
    assert [h.suggestion for h in services.wording_hits(draft)] == ["截至目前", "再接再厉"]


def test_a_flagged_word_blocks_signing_until_a_reviewer_acknowledges_it(cast, draft):
    with pytest.raises(ValidationError, match="错敏词：标题中的错误表述“截止目前”"):
        services.sign(actor=who(cast, "jiaoyu_clerk"), post=draft, stage=Stage.FIRST_REVIEW)
    with pytest.raises(ValidationError, match="您是拟稿人"):
        services.move(
            actor=who(cast, "jiaoyu_clerk"), post=draft, action=PostAction.ACKNOWLEDGE,
            words=["截止目前"], note="无妨",
        )  # fmt: skip
    post = acknowledge(cast, draft)
    post = sign_all(cast, post)
    assert (post.status, post.review_complete) == (PostStatus.READY, True)


def test_a_phone_number_in_a_post_blocks_signing_until_removed(cast, account):
    clerk = who(cast, "jiaoyu_clerk")
    post = services.draft_post(
        actor=clerk, account=account, title="招生咨询", body="家长可联系王老师 139-1234-5678。"
    )
    post = services.submit_post(actor=clerk, post=post)
    with pytest.raises(ValidationError, match="个人信息：正文中的手机号码“139\\*\\*\\*\\*5678”"):
        services.sign(actor=clerk, post=post, stage=Stage.FIRST_REVIEW)
    post = services.return_post(actor=who(cast, "jiaoyu_reviewer"), post=post, opinion="删除手机号")
    post = services.update_post(actor=clerk, post=post, body="咨询电话：0375-2345678。")
    post = services.submit_post(actor=clerk, post=post)
    signed = services.sign(actor=clerk, post=post, stage=Stage.FIRST_REVIEW)
    assert PostEvent.objects.filter(record=signed, slot="review1").count() == 1


def test_it_makes_a_post_ready_after_six_signatures_and_then_publishes_it(cast, draft):
    post = sign_all(cast, acknowledge(cast, draft))
    done = services.publish(
        actor=who(cast, "jiaoyu_clerk"), post=post, at=at(60), link="https://mp.weixin.qq.com/s/x"
    )
    assert (done.status, done.review_complete, done.flagged) == (PostStatus.PUBLISHED, True, False)
    assert done.link == "https://mp.weixin.qq.com/s/x"


def test_it_refuses_publication_before_the_record_is_complete(cast, draft):
    post = acknowledge(cast, draft)
    services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FIRST_REVIEW, at=at(0))
    with pytest.raises(ValidationError, match="新媒体信息当前为“审校中”，不能“发布”"):
        services.publish(actor=who(cast, "jiaoyu_clerk"), post=post, at=at(5))


def test_the_author_cannot_proofread_their_own_post(cast, draft):
    """The finding: the author signed 初审, 一校, 二校 and 三校 alone."""
    post = acknowledge(cast, draft)
    post = services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FIRST_REVIEW)
    for stage in (Stage.PROOF_1, Stage.PROOF_2, Stage.PROOF_3):
        with pytest.raises(
            ValidationError, match=f"{stage.label}须由拟稿人以外的.*您是拟稿人|之前须先完成"
        ):
            services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=stage)
    assert PostEvent.objects.filter(record=post).exclude(slot="").count() == 1


def test_it_refuses_one_person_signing_two_reviews_even_holding_both_roles(cast, bureau, draft):
    clerk = cast.user("jiaoyu_clerk")
    organizations.grant_role(
        actor=actor(cast.user("secadmin")), user=clerk, agency=bureau, role=Role.REVIEWER
    )
    post = acknowledge(cast, draft)
    services.sign(actor=actor(clerk), post=post, stage=Stage.FIRST_REVIEW, at=at(0))
    with pytest.raises(ValidationError, match="复审须由初审人以外的审核人办理：您已签署初审"):
        services.sign(actor=actor(clerk), post=post, stage=Stage.SECOND_REVIEW, at=at(1))


def test_it_refuses_a_step_out_of_order_and_a_signer_without_the_role(cast, draft):
    post = acknowledge(cast, draft)
    with pytest.raises(ValidationError, match="复审之前须先完成初审"):
        services.sign(actor=who(cast, "jiaoyu_reviewer"), post=post, stage=Stage.SECOND_REVIEW)
    with pytest.raises(ValidationError, match="终审须由初审人、复审人以外的分管领导办理"):
        services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FINAL_REVIEW)
    with pytest.raises(ValidationError, match="一校须由拟稿人以外的"):
        services.sign(actor=who(cast, "caizheng_clerk"), post=post, stage=Stage.PROOF_1)


def test_it_starts_a_new_round_when_a_reviewer_returns_the_draft(cast, draft):
    post = acknowledge(cast, draft)
    post = services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FIRST_REVIEW)
    returned = services.return_post(
        actor=who(cast, "jiaoyu_reviewer"), post=post, opinion="请改正错别字"
    )
    assert returned.status == PostStatus.DRAFT
    again = services.submit_post(actor=who(cast, "jiaoyu_clerk"), post=returned)
    # the first round's 初审 stays on record but no longer counts; words are acknowledged anew
    with pytest.raises(ValidationError, match="错敏词"):
        services.sign(actor=who(cast, "jiaoyu_clerk"), post=again, stage=Stage.FIRST_REVIEW)
    again = services.sign(
        actor=who(cast, "jiaoyu_clerk"), post=acknowledge(cast, again), stage=Stage.FIRST_REVIEW
    )
    assert PostEvent.objects.filter(record=again, slot="review1").count() == 2
    assert again.round == returned.round + 1


def test_the_author_may_recall_it_and_a_double_click_signs_once(cast, draft):
    from gongkai_web.media_accounts.workflow import POST

    post = acknowledge(cast, draft)
    shown = POST.last_event_id(post)
    services.sign(actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FIRST_REVIEW)
    with pytest.raises(ValidationError, match="已有人办理"):
        services.sign(
            actor=who(cast, "jiaoyu_clerk"), post=post, stage=Stage.FIRST_REVIEW, expected=shown
        )
    recalled = services.move(actor=who(cast, "jiaoyu_clerk"), post=post, action=PostAction.RECALL)
    assert recalled.status == PostStatus.DRAFT
    assert PostEvent.objects.filter(record=post, slot="review1").count() == 1


def test_it_writes_the_signed_approval_form_from_the_events(cast, draft, login_as):
    post = sign_all(cast, acknowledge(cast, draft))
    response = login_as("jiaoyu_leader").get(f"/media/posts/{post.pk}/form.docx")
    assert response.status_code == 200
    with zipfile.ZipFile(io.BytesIO(response.content)) as docx:
        body = docx.read("word/document.xml").decode()
    assert "政务新媒体信息发布审核表" in body and "截止目前工作动态" in body
    for name in ("王登记", "陈编辑", "李审核", "赵领导"):
        assert name in body
    # Beijing time, Chinese date; the acknowledged words with the reviewer's reason
    assert "2024年5月6日 09:00" in body and "标题引用上级文件原文" in body


def test_the_author_changes_a_returned_post_and_submits_it_again(cast, draft, login_as):
    returned = services.return_post(
        actor=who(cast, "jiaoyu_reviewer"), post=draft, opinion="改正错别字"
    )
    client = login_as("jiaoyu_clerk")
    page = client.get(f"/media/posts/{returned.pk}/")
    assert "修改并重新送审" in page.content.decode()
    response = client.post(
        f"/media/posts/{returned.pk}/edit/", {"title": "截至目前工作动态", "body": "我局再接再厉。"}
    )
    assert response.status_code == 302
    returned.refresh_from_db()
    assert (returned.status, returned.title, returned.round) == (
        PostStatus.IN_REVIEW,
        "截至目前工作动态",
        2,
    )
    assert services.wording_hits(returned) == []
    # Only a draft may be changed: in review, the form says what to do.
    again = client.post(f"/media/posts/{returned.pk}/edit/", {"title": "又改", "body": "正文"})
    assert "只有草稿可以修改；审校中的信息请先撤回或由审核人退回" in again.content.decode()
