import datetime as dt

import pytest

from gongkai.media.review import (
    ALL_STAGES,
    Policy,
    ReviewRuleError,
    Signature,
    Stage,
    check,
    is_complete,
    missing,
    signable,
    validate_record,
)

T0 = dt.datetime(2024, 3, 1, 9, 0, tzinfo=dt.UTC)


def sign(stage, person, minutes=0):
    return Signature(stage, person, f"人员{person}", T0 + dt.timedelta(minutes=minutes), "同意")


def full_record():
    return [
        sign(Stage.FIRST_REVIEW, "a", 0),
        sign(Stage.SECOND_REVIEW, "b", 10),
        sign(Stage.FINAL_REVIEW, "c", 20),
        sign(Stage.PROOF_1, "a", 1),
        sign(Stage.PROOF_2, "b", 11),
        sign(Stage.PROOF_3, "c", 21),
    ]


def test_it_accepts_a_full_record_by_three_different_reviewers():
    record = full_record()
    validate_record(record)
    assert is_complete(record)
    assert missing(record) == []


def test_it_refuses_the_same_person_on_two_of_the_three_reviews():
    done = [sign(Stage.FIRST_REVIEW, "a"), sign(Stage.SECOND_REVIEW, "b", 5)]
    with pytest.raises(ReviewRuleError, match="三审须由不同人员签署：人员a已签署初审"):
        check(done, sign(Stage.FINAL_REVIEW, "a", 10))
    with pytest.raises(ReviewRuleError, match="人员a已签署初审，不能再签署复审"):
        check(done[:1], sign(Stage.SECOND_REVIEW, "a", 10))


def test_it_lets_one_person_proofread_twice_unless_the_policy_forbids_it():
    done = [sign(Stage.PROOF_1, "a")]
    check(done, sign(Stage.PROOF_2, "a", 5))
    with pytest.raises(ReviewRuleError, match="三校须由不同人员签署"):
        check(done, sign(Stage.PROOF_2, "a", 5), Policy(distinct_proofreaders=True))


def test_it_keeps_the_order_of_each_chain():
    with pytest.raises(ReviewRuleError, match="终审之前须先完成初审、复审"):
        check([], sign(Stage.FINAL_REVIEW, "c"))
    with pytest.raises(ReviewRuleError, match="三校之前须先完成二校"):
        check([sign(Stage.PROOF_1, "a")], sign(Stage.PROOF_3, "c", 5))
    # proofreading does not wait for the reviews
    check([], sign(Stage.PROOF_1, "a"))


def test_it_refuses_signing_a_step_twice_or_going_back_in_time():
    done = [sign(Stage.FIRST_REVIEW, "a", 30)]
    with pytest.raises(ReviewRuleError, match="初审已由人员a签署"):
        check(done, sign(Stage.FIRST_REVIEW, "b", 40))
    with pytest.raises(ReviewRuleError, match="复审的时间不能早于初审"):
        check(done, sign(Stage.SECOND_REVIEW, "b", 10))


def test_it_refuses_an_unnamed_signer():
    with pytest.raises(ReviewRuleError, match="须写明签署人"):
        check([], Signature(Stage.FIRST_REVIEW, "", "", T0))


def test_it_lists_what_may_be_signed_next_and_what_is_missing():
    assert signable([]) == [Stage.FIRST_REVIEW, Stage.PROOF_1]
    record = full_record()[:2]
    assert signable(record) == [Stage.FINAL_REVIEW, Stage.PROOF_1]
    assert missing(record) == [
        s for s in ALL_STAGES if s not in (Stage.FIRST_REVIEW, Stage.SECOND_REVIEW)
    ]
    assert signable(full_record()) == []


def test_it_flags_a_record_signed_after_publication_as_incomplete():
    record = full_record()
    assert is_complete(record, published_at=T0 + dt.timedelta(hours=1))
    assert not is_complete(record, published_at=T0 + dt.timedelta(minutes=15))
    assert not is_complete(record[:5])
