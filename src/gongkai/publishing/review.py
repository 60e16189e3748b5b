"""Review before publishing: 保密审查 (Art. 17) and 三审 (regulation.md §7).

The steps run in a fixed order. 初审, 复审 and 终审 must be done by three different people;
a rejection at any step sends the item back to its drafter with the reason, and the next
submission starts a new round from the first step. Nothing is published before 终审 passes.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable, Sequence
from dataclasses import dataclass


class Stage(enum.Enum):
    SECRECY = "secrecy"
    FIRST = "first"
    SECOND = "second"
    FINAL = "final"

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.SECRECY: "保密审查",
    Stage.FIRST: "初审",
    Stage.SECOND: "复审",
    Stage.FINAL: "终审",
}
ORDER: tuple[Stage, ...] = (Stage.SECRECY, Stage.FIRST, Stage.SECOND, Stage.FINAL)
THREE_REVIEWS = frozenset({Stage.FIRST, Stage.SECOND, Stage.FINAL})


class ReviewError(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class Decision:
    stage: Stage
    reviewer: Hashable  # whatever identifies a person: a user id in the web app
    passed: bool
    opinion: str = ""


def next_stage(round_decisions: Sequence[Decision]) -> Stage | None:
    """The step awaiting a decision in the current round; None when 终审 has passed."""
    done = len(round_decisions)
    return ORDER[done] if done < len(ORDER) else None


def check_decision(round_decisions: Sequence[Decision], decision: Decision) -> None:
    """Raises ReviewError unless ``decision`` may be recorded after ``round_decisions``."""
    if any(not earlier.passed for earlier in round_decisions):
        raise ReviewError("本轮审核已退回，请拟稿人修改后重新提交")
    expected = next_stage(round_decisions)
    if expected is None:
        raise ReviewError("终审已通过，不需要再审核")
    if decision.stage is not expected:
        raise ReviewError(f"现在应进行{expected.label}，不能先做{decision.stage.label}")
    if not decision.passed and not decision.opinion.strip():
        raise ReviewError(f"{decision.stage.label}退回时必须写明理由")
    if decision.stage in THREE_REVIEWS:
        for earlier in round_decisions:
            if earlier.stage in THREE_REVIEWS and earlier.reviewer == decision.reviewer:
                raise ReviewError(
                    f"同一人已做过{earlier.stage.label}，不能再做{decision.stage.label}："
                    "初审、复审、终审须由三个不同的人完成"
                )


def may_publish(round_decisions: Sequence[Decision]) -> bool:
    return (
        len(round_decisions) == len(ORDER)
        and all(d.passed for d in round_decisions)
        and [d.stage for d in round_decisions] == list(ORDER)
        and len({d.reviewer for d in round_decisions if d.stage in THREE_REVIEWS}) == 3
    )
