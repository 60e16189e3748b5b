"""The review steps of a catalogue entry: 保密审查 (Art. 17) and 三审 (regulation.md §7), named.

The rules (order, who, three different people, gates) are the entry's lifecycle table,
gongkai.workflow.tables.catalogue.
"""

from __future__ import annotations

import enum


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
