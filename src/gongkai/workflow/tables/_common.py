"""Moves every reviewed record has in each state that waits for a signature: nobody is stuck.

- 退回 (return) to the drafter, by the reviewers, with the reason;
- 撤回 (recall) by the drafter, before the next signature;
- 指定办理人 (designate) by the leader, when everyone who could take the step is excluded;
- 确认错敏词 (acknowledge) by a reviewer other than the drafter, with a reason.

And the import move (`entered`) of records whose work was done outside this system.
"""

from __future__ import annotations

from typing import Any

from gongkai.workflow.lifecycle import Labelled, Move, MoveKind, Party, Role

STAFF = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER, Role.SUPERVISOR})
REVIEWERS = frozenset({Role.CLERK, Role.REVIEWER, Role.LEADER})


def unstick(
    waiting: tuple[Any, ...],
    draft: Any,
    *,
    send_back: Labelled,
    recall: Labelled | None,
    designate: Labelled,
    acknowledge: Labelled | None,
    returners: frozenset[str] = REVIEWERS,
) -> list[Move[Any, Any]]:
    moves: list[Move[Any, Any]] = [
        Move(send_back, waiting, draft, returners, kind=MoveKind.RETURN, note="退回理由"),
        Move(designate, waiting, None, frozenset({Role.LEADER}), kind=MoveKind.DESIGNATE),
    ]
    if recall is not None:
        moves.append(Move(recall, waiting, draft, frozenset({Party.AUTHOR}), kind=MoveKind.RECALL))
    if acknowledge is not None:
        moves.append(
            Move(
                acknowledge,
                waiting,
                None,
                REVIEWERS,
                kind=MoveKind.ACKNOWLEDGE,
                apart=frozenset({Party.AUTHOR}),
                note="确认理由",
            )
        )
    return moves


def entered(action: Any, initial: Any, final: Any, by: frozenset[str]) -> Move[Any, Any]:
    """A record done outside this system entered by ``by`` (or a command run as the system)
    straight in ``final``: no slot is signed, because nobody signed one here."""
    return Move(action, (initial,), final, by | {Party.SYSTEM}, kind=MoveKind.IMPORT)
