"""One mechanism for every reviewed record: a lifecycle is a table of moves.

A move says, for one action: from which states it may be taken, where it leads, who may take it
(roles at the record's agency, or the record's author, or the system), which signature slot it
fills, which slots must be signed before it in the same round, whose signatures it must differ
from, which gates must be open, and whether it needs a written note. `check` answers whether a
move may be made now, from the facts of the moment, and names who may make it when the answer
is no. Nothing here reads the clock or a database: the web layer gathers the facts, calls
`check`, and writes what it returns (web: gongkai_web.workflow.services).

A record whose work was done outside this system (a post published elsewhere, last year's
report, an old paper 台账) enters through an import move (``MoveKind.IMPORT``): from the
table's first state straight to a final one, signing no slot. It is not a move of work:
`moves_from` (the page's panel, the 待办 desk, the walks of the property tests) leaves it out,
and the table refuses one that starts elsewhere, ends short of a final state or signs a slot.

Signatures are counted per round. A move with ``new_round`` (退回, 撤回, a new submission)
starts a fresh round: what was signed before stays on record but no longer counts.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Generic, Protocol, TypeVar


class Labelled(enum.StrEnum):
    """A string enum whose members carry the Chinese label users see."""

    label: str

    # ``label`` has a default only for the type checker, which reads a lookup ``Cls(value)`` as a
    # call of this method; Enum's own __new__ answers that call, and a member must have a label.
    def __new__(cls, value: str, label: str = "") -> Labelled:
        if not label:
            raise TypeError(f"{cls.__name__} member {value!r} needs its Chinese label")
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        return member

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(member.value, member.label) for member in cls]


class Role(Labelled):
    """Business roles held at an agency (the same values as gongkai_web's Role)."""

    CLERK = "clerk", "登记员/承办人"
    REVIEWER = "reviewer", "审核人"
    LEADER = "leader", "分管领导"
    SUPERVISOR = "supervisor", "政务公开办"


class Party(Labelled):
    """Who may act besides a role holder."""

    AUTHOR = "author", "拟稿人"
    SYSTEM = "system", "系统后台任务"
    SUPERVISOR_ABOVE = "supervisor_above", "上级政务公开办"
    DESIGNATED = "designated", "分管领导指定的人员"


class Gate(Labelled):
    """A condition a move may require; the web layer lists what keeps it shut."""

    WORDS = "words", "错敏词"
    PERSONAL = "personal", "个人信息"
    INTERPRETATION = "interpretation", "政策解读"
    SECRECY = "secrecy", "保密审查结论"
    RULES = "rules", "报告校验规则"
    CONTENT = "content", "必填内容"


class MoveKind(enum.Enum):
    """What a move does, for the helpers that treat all lifecycles alike."""

    SIGN = "sign"  # fills a signature slot
    RETURN = "return"  # 退回 to the drafter
    RECALL = "recall"  # 撤回 by the drafter before the next signature
    DESIGNATE = "designate"  # the leader names who takes a step
    ACKNOWLEDGE = "acknowledge"  # a reviewer acknowledges flagged words with a reason
    IMPORT = "import"  # enters a record whose work was done outside this system
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class Slot:
    """A signature the record collects (初审, 一校, 签发 …) and the noun for its signer."""

    key: str
    label: str
    signer: str = ""  # "初审人"; defaults to label + 人

    @property
    def signer_noun(self) -> str:
        return self.signer or f"{self.label}人"


class Named(Protocol):
    """A state or an action: an enum member with a Chinese label."""

    @property
    def label(self) -> str: ...

    @property
    def value(self) -> Any: ...


S = TypeVar("S", bound=Named)
A = TypeVar("A", bound=Named)


@dataclass(frozen=True, slots=True)
class Person:
    key: Hashable
    name: str
    roles: frozenset[str] = frozenset()  # Role values held at the record's agency, and Party values


@dataclass(frozen=True, slots=True)
class Signer:
    key: Hashable
    name: str


@dataclass(frozen=True)
class Resolver:
    """A target that depends on the record, not on the state alone."""

    name: str
    pick: Callable[[Facts[Any], frozenset[str]], Any]  # (facts, slots signed after the move)

    def __repr__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Move(Generic[S, A]):
    action: A
    sources: tuple[S, ...]
    target: S | Resolver | None  # None: the state stays
    by: frozenset[str]  # Role and Party values
    kind: MoveKind = MoveKind.OTHER
    signs: Slot | None = None
    after: tuple[Slot, ...] = ()  # signed earlier in the same round
    apart: frozenset[str] = frozenset()  # slot keys (or Party.AUTHOR) whose signers are excluded
    gates: tuple[Gate, ...] = ()
    note: str = ""  # the label of a note that must be written ("退回理由"); empty: optional
    new_round: bool = False


@dataclass(frozen=True)
class Facts(Generic[S]):
    """Everything `check` needs to know about the record and the person acting now."""

    state: S
    actor: Person
    author: Hashable | None = None
    signed: Mapping[str, Signer] = field(default_factory=dict)  # this round, by slot key
    designated: Mapping[str, Hashable] = field(default_factory=dict)  # this round, slot → person
    problems: Mapping[Gate, Sequence[str]] = field(default_factory=dict)
    note: str = ""
    data: Mapping[str, Any] = field(default_factory=dict)  # for resolvers


class Refused(Exception):
    """The move may not be made; ``message`` says why and who may act, in Chinese."""

    def __init__(self, message: str, *, who: str = "") -> None:
        self.message = message
        self.who = who
        super().__init__(message)


@dataclass(frozen=True)
class Outcome(Generic[S, A]):
    move: Move[S, A]
    before: S
    after: S
    # Slots filled in this round once the move is made (for the resolvers and the caller).
    signed: frozenset[str]


@dataclass(frozen=True)
class Lifecycle(Generic[S, A]):
    name: str  # the audit prefix and the registry key
    label: str  # what users call the record: 目录信息, 年度报告 …
    states: type[S]
    actions: type[A]
    initial: S
    finals: frozenset[S]
    moves: tuple[Move[S, A], ...]
    # Who may designate a person for a step whose eligible people are all excluded.
    designators: frozenset[str] = frozenset({Role.LEADER})

    def __post_init__(self) -> None:
        seen: set[tuple[Any, Any]] = set()
        for move in self.moves:
            for source in move.sources:
                if (source, move.action) in seen:
                    raise ValueError(f"{self.name}: two moves for {source}/{move.action}")
                seen.add((source, move.action))
                if source in self.finals:
                    raise ValueError(f"{self.name}: a move leaves the final state {source}")
            if move.kind is MoveKind.IMPORT and (
                move.sources != (self.initial,)
                or move.target not in self.finals
                or move.signs is not None
                or move.after
                or move.gates
            ):
                raise ValueError(
                    f"{self.name}: the import {move.action} must lead from {self.initial} to a "
                    "final state, signing no slot and needing no gate"
                )

    # --- reading the table -----------------------------------------------------------------

    def moves_from(self, state: S) -> list[Move[S, A]]:
        """The moves of work from ``state`` (not the import moves: see `imports`)."""
        return [
            move
            for move in self.moves
            if state in move.sources and move.kind is not MoveKind.IMPORT
        ]

    def imports(self) -> list[Move[S, A]]:
        """The moves that enter a record done outside this system in the state it ended in."""
        return [move for move in self.moves if move.kind is MoveKind.IMPORT]

    def find(self, state: S, action: A) -> Move[S, A]:
        for move in self.moves:
            if move.action == action and state in move.sources:
                return move
        allowed = "、".join(m.action.label for m in self.moves_from(state)) or "无（已办结）"
        raise Refused(
            f"{self.label}当前为“{state.label}”，不能“{action.label}”。可进行的操作：{allowed}"
        )

    def kind_of(self, action: Any) -> MoveKind:
        """What the moves named ``action`` do (the action's value or member)."""
        for move in self.moves:
            if move.action == action:
                return move.kind
        return MoveKind.OTHER

    def slots(self) -> list[Slot]:
        """The steps in the table's order, each moved after the steps it needs signed first."""
        needs: dict[Slot, list[Slot]] = {}
        for move in self.moves:
            if move.signs is not None:
                needs.setdefault(move.signs, []).extend(move.after)
        out: list[Slot] = []

        def place(slot: Slot) -> None:
            if slot in out:
                return
            for earlier in needs.get(slot, []):
                if earlier in needs and earlier is not slot:
                    place(earlier)
            out.append(slot)

        for slot in needs:
            place(slot)
        return out

    def slot(self, key: str) -> Slot:
        for slot in self.slots():
            if slot.key == key:
                return slot
        raise KeyError(key)

    def apart_pairs(self) -> frozenset[frozenset[str]]:
        """Pairs of slots (or a slot and the author) that one person may never both sign."""
        pairs: set[frozenset[str]] = set()
        for move in self.moves:
            if move.signs is None:
                continue
            for other in move.apart:
                if other != move.signs.key:
                    pairs.add(frozenset({move.signs.key, other}))
        return frozenset(pairs)

    def excluded_by(self, slot: Slot) -> frozenset[str]:
        """Everything the signer of ``slot`` must differ from, whichever was signed first."""
        return frozenset(
            other for pair in self.apart_pairs() if slot.key in pair for other in pair - {slot.key}
        )

    # --- deciding ----------------------------------------------------------------------------

    def check(self, facts: Facts[S], action: A) -> Outcome[S, A]:
        move = self.find(facts.state, action)
        if move.new_round:
            # The move opens a round: what the last round signed no longer counts.
            facts = replace(facts, signed={}, designated={})
        self._check_person(move, facts)
        if move.signs is not None:
            self._check_slot(move, facts)
        if move.note and not facts.note.strip():
            raise Refused(f"“{move.action.label}”须写明{move.note}")
        for gate in move.gates:
            open_problems = [p for p in facts.problems.get(gate, ()) if p]
            if open_problems:
                listed = "；".join(open_problems[:5])
                more = f"等 {len(open_problems)} 项" if len(open_problems) > 5 else ""
                raise Refused(f"“{move.action.label}”前须先处理{gate.label}：{listed}{more}")
        signed = frozenset() if move.new_round else frozenset(facts.signed)
        if move.signs is not None:
            signed = signed | {move.signs.key}
        return Outcome(move, facts.state, self._target(move, facts, signed), signed)

    def _target(self, move: Move[S, A], facts: Facts[S], signed: frozenset[str]) -> S:
        if move.target is None:
            return facts.state
        if isinstance(move.target, Resolver):
            state: S = move.target.pick(facts, signed)
            return state
        return move.target

    def may_act(self, move: Move[S, A], facts: Facts[S], person: Person) -> bool:
        """Would ``person`` pass the role and distinct-signer rules of ``move`` now?"""
        try:
            probe = Facts(
                state=facts.state, actor=person, author=facts.author, signed=facts.signed,
                designated=facts.designated,
            )  # fmt: skip
            self._check_person(move, probe)
            if move.signs is not None:
                self._check_slot(move, probe)
        except Refused:
            return False
        return True

    def _holds(self, move: Move[S, A], facts: Facts[S], person: Person) -> bool:
        if person.roles & move.by:
            return True
        if Party.AUTHOR in move.by and facts.author is not None and person.key == facts.author:
            return True
        return move.signs is not None and facts.designated.get(move.signs.key) == person.key

    def _check_person(self, move: Move[S, A], facts: Facts[S]) -> None:
        if not self._holds(move, facts, facts.actor):
            what = move.signs.label if move.signs else f"“{move.action.label}”"
            raise Refused(f"{what}须由{self.who(move)}办理", who=self.who(move))
        if (
            move.signs is None
            and Party.AUTHOR in move.apart
            and facts.author is not None
            and facts.author == facts.actor.key
        ):
            who = f"{Party.AUTHOR.label}以外的{self.who(move)}"
            raise Refused(f"“{move.action.label}”须由{who}办理：您是拟稿人", who=who)

    def who(self, move: Move[S, A]) -> str:
        names = [_party_label(value) for value in sorted(move.by, key=_rank)]
        text = "或".join(names)
        excluded = self._excluded_nouns(move)
        return f"{excluded}以外的{text}" if excluded else text

    def _excluded_nouns(self, move: Move[S, A]) -> str:
        if move.signs is None:
            return ""
        nouns = []
        # The declared ones: those signed before this step (the pairs are checked both ways).
        for key in sorted(move.apart, key=self._order):
            nouns.append(Party.AUTHOR.label if key == Party.AUTHOR else self.slot(key).signer_noun)
        return "、".join(nouns)

    def _order(self, key: str) -> int:
        if key == Party.AUTHOR:
            return -1
        return [slot.key for slot in self.slots()].index(key)

    def _check_slot(self, move: Move[S, A], facts: Facts[S]) -> None:
        slot = move.signs
        assert slot is not None
        done = facts.signed.get(slot.key)
        if done is not None:
            raise Refused(f"{slot.label}已由{done.name}签署，不能重复签署")
        missing = [earlier.label for earlier in move.after if earlier.key not in facts.signed]
        if missing:
            raise Refused(f"{slot.label}之前须先完成{'、'.join(missing)}")
        for other in sorted(self.excluded_by(slot), key=self._order):
            if other == Party.AUTHOR:
                if facts.author is not None and facts.author == facts.actor.key:
                    raise Refused(
                        f"{slot.label}须由{self.who(move)}办理：您是{Party.AUTHOR.label}",
                        who=self.who(move),
                    )
                continue
            signer = facts.signed.get(other)
            if signer is not None and signer.key == facts.actor.key:
                raise Refused(
                    f"{slot.label}须由{self.who(move)}办理：您已签署{self.slot(other).label}",
                    who=self.who(move),
                )

    # --- who can act now -----------------------------------------------------------------------

    def waiting(self, facts: Facts[S], people: Iterable[Person]) -> list[Waiting[S, A]]:
        """Each signing move open now, with the people who may take it (empty: nobody)."""
        staff = list(people)
        out = []
        for move in self.moves_from(facts.state):
            if move.kind is not MoveKind.SIGN or move.signs is None:
                continue
            if move.signs.key in facts.signed or any(e.key not in facts.signed for e in move.after):
                continue
            able = [p for p in staff if self.may_act(move, facts, p)]
            out.append(Waiting(move, tuple(able), self._nobody(move, facts, able)))
        return out

    def _nobody(self, move: Move[S, A], facts: Facts[S], able: list[Person]) -> str:
        if able:
            return ""
        designators = "或".join(_party_label(v) for v in sorted(self.designators, key=_rank))
        return (
            f"{move.signs.label if move.signs else move.action.label}须由{self.who(move)}办理；"
            f"本机关目前没有符合条件的人员，请{designators}指定办理人"
        )

    def check_designation(self, facts: Facts[S], slot_key: str, person: Person) -> Slot:
        """The leader names ``person`` for the pending step ``slot_key``."""
        if not facts.actor.roles & self.designators:
            names = "或".join(_party_label(v) for v in sorted(self.designators, key=_rank))
            raise Refused(f"指定办理人须由{names}办理", who=names)
        pending = {
            w.move.signs.key: w.move for w in self.waiting(facts, ()) if w.move.signs is not None
        }
        move = pending.get(slot_key)
        if move is None or move.signs is None:
            raise Refused("只能为当前待办的环节指定办理人")
        probe = Facts(
            state=facts.state, actor=person, author=facts.author, signed=facts.signed,
            designated={**facts.designated, slot_key: person.key},
        )  # fmt: skip
        try:
            self._check_slot(move, probe)
        except Refused as refused:
            raise Refused(f"不能指定{person.name}：{refused.message}") from None
        return move.signs


@dataclass(frozen=True)
class Waiting(Generic[S, A]):
    move: Move[S, A]
    people: tuple[Person, ...]
    nobody: str  # the message when nobody may act, else ""


def _rank(value: str) -> int:
    """Roles in the order of the org chart, then the other parties."""
    order = [*Role, *Party]
    return order.index(value) if value in order else len(order)


def _party_label(value: str) -> str:
    for member in (*Role, *Party):
        if member == value:
            return str(member.label)
    return value


def all_signed(*slots: Slot) -> frozenset[str]:
    return frozenset(slot.key for slot in slots)


def when_signed(required: frozenset[str], then: Any, otherwise: Any) -> Resolver:
    """Go to ``then`` once every slot in ``required`` is signed this round, else ``otherwise``."""
    return Resolver(
        f"{then} when signed",
        lambda facts, signed: then if required <= signed else otherwise,
    )


def signed_after(
    facts: Facts[Any], outcome: Outcome[Any, Any]
) -> tuple[dict[str, Signer], dict[str, Hashable]]:
    """The round's signatures and designations once ``outcome`` is made by ``facts.actor``."""
    if outcome.move.new_round:
        signed: dict[str, Signer] = {}
        designated: dict[str, Hashable] = {}
    else:
        signed, designated = dict(facts.signed), dict(facts.designated)
    if outcome.move.signs is not None:
        signed[outcome.move.signs.key] = Signer(facts.actor.key, facts.actor.name)
    return signed, designated
