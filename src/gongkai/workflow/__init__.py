"""Lifecycles of reviewed records: states, moves, who may take them, gates (see lifecycle)."""

from gongkai.workflow.lifecycle import (
    Facts,
    Gate,
    Labelled,
    Lifecycle,
    Move,
    MoveKind,
    Outcome,
    Party,
    Person,
    Refused,
    Role,
    Signer,
    Slot,
    Waiting,
)

__all__ = [
    "Facts",
    "Gate",
    "Labelled",
    "Lifecycle",
    "Move",
    "MoveKind",
    "Outcome",
    "Party",
    "Person",
    "Refused",
    "Role",
    "Signer",
    "Slot",
    "Waiting",
]
