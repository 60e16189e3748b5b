"""三审三校: three reviews and three proofreading passes before a post may go out.

三审 runs 初审 (the editor) → 复审 (the section head) → 终审 (the leader in charge), and no
person may sign two of the three. 三校 is three proofreading passes in order; who reads them
is local practice (drafter, section head, leader, or a dedicated proofreader), so repeating a
proofreader is allowed unless the policy says otherwise (regulation.md §7). The two chains
run side by side; a post is ready to publish only when all six steps are signed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from enum import StrEnum


class Stage(StrEnum):
    FIRST_REVIEW = "review1"
    SECOND_REVIEW = "review2"
    FINAL_REVIEW = "review3"
    PROOF_1 = "proof1"
    PROOF_2 = "proof2"
    PROOF_3 = "proof3"

    @property
    def label(self) -> str:
        return _LABELS[self]

    @property
    def is_review(self) -> bool:
        return self in REVIEWS


_LABELS = {
    Stage.FIRST_REVIEW: "初审",
    Stage.SECOND_REVIEW: "复审",
    Stage.FINAL_REVIEW: "终审",
    Stage.PROOF_1: "一校",
    Stage.PROOF_2: "二校",
    Stage.PROOF_3: "三校",
}

REVIEWS: tuple[Stage, ...] = (Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.FINAL_REVIEW)
PROOFS: tuple[Stage, ...] = (Stage.PROOF_1, Stage.PROOF_2, Stage.PROOF_3)
ALL_STAGES: tuple[Stage, ...] = REVIEWS + PROOFS


@dataclass(frozen=True, slots=True)
class Signature:
    stage: Stage
    person: str  # a stable key for the signer (the web app uses the account id)
    name: str  # the name printed on the approval form
    at: dt.datetime
    opinion: str = ""


@dataclass(frozen=True, slots=True)
class Policy:
    distinct_reviewers: bool = True
    distinct_proofreaders: bool = False


class ReviewRuleError(ValueError):
    pass


def _chain(stage: Stage) -> tuple[Stage, ...]:
    return REVIEWS if stage.is_review else PROOFS


def signable(signatures: Iterable[Signature]) -> list[Stage]:
    """The steps that may be signed next: the first unsigned step of each chain."""
    done = {s.stage for s in signatures}
    out = []
    for chain in (REVIEWS, PROOFS):
        pending = [stage for stage in chain if stage not in done]
        if pending:
            out.append(pending[0])
    return out


def check(signatures: Sequence[Signature], new: Signature, policy: Policy | None = None) -> None:
    """Raise ReviewRuleError (a Chinese message saying why) unless ``new`` may be signed now."""
    rules = policy or Policy()
    done = {s.stage: s for s in signatures}
    if new.stage in done:
        raise ReviewRuleError(f"{new.stage.label}已由{done[new.stage].name}签署，不能重复签署")
    chain = _chain(new.stage)
    before = chain[: chain.index(new.stage)]
    missing = [stage.label for stage in before if stage not in done]
    if missing:
        raise ReviewRuleError(f"{new.stage.label}之前须先完成{'、'.join(missing)}")
    if not new.person.strip() or not new.name.strip():
        raise ReviewRuleError(f"{new.stage.label}须写明签署人")
    distinct = rules.distinct_reviewers if new.stage.is_review else rules.distinct_proofreaders
    if distinct:
        for stage in before:
            if done[stage].person == new.person:
                kind = "三审" if new.stage.is_review else "三校"
                raise ReviewRuleError(
                    f"{kind}须由不同人员签署：{new.name}已签署{stage.label}，"
                    f"不能再签署{new.stage.label}，请由其他人员办理"
                )
    if before and new.at < done[before[-1]].at:
        previous = done[before[-1]]
        raise ReviewRuleError(
            f"{new.stage.label}的时间不能早于{previous.stage.label}（{previous.at:%Y-%m-%d %H:%M}）"
        )


def missing(signatures: Iterable[Signature]) -> list[Stage]:
    done = {s.stage for s in signatures}
    return [stage for stage in ALL_STAGES if stage not in done]


def is_complete(signatures: Iterable[Signature], published_at: dt.datetime | None = None) -> bool:
    """All six steps signed (and, for a published post, all of them before it went out)."""
    signed = list(signatures)
    if missing(signed):
        return False
    return published_at is None or all(s.at <= published_at for s in signed)


def validate_record(signatures: Sequence[Signature], policy: Policy | None = None) -> None:
    """Check a whole record, step by step in time order (for records imported afterwards)."""
    accepted: list[Signature] = []
    for signature in sorted(signatures, key=lambda s: (s.at, ALL_STAGES.index(s.stage))):
        check(accepted, signature, policy)
        accepted.append(signature)
