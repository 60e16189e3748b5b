"""The six steps of 三审三校, named as the new-media post's lifecycle table names its slots.

Who signs which step, in what order and apart from whom is the table's business
(gongkai.workflow.tables.media_post); this module only names the steps for the pages and
documents that list them.
"""

from __future__ import annotations

from enum import StrEnum

from gongkai.workflow.tables.media_post import ALL_STEPS


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


_LABELS = {Stage(slot.key): slot.label for slot in ALL_STEPS}
REVIEWS: tuple[Stage, ...] = (Stage.FIRST_REVIEW, Stage.SECOND_REVIEW, Stage.FINAL_REVIEW)
PROOFS: tuple[Stage, ...] = (Stage.PROOF_1, Stage.PROOF_2, Stage.PROOF_3)
ALL_STAGES: tuple[Stage, ...] = REVIEWS + PROOFS
