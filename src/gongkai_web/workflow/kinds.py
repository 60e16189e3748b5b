"""How the web layer finds, for one kind of record, what a move needs: its lifecycle table,
its model and event table, its agency and author, its gates, and what a move does besides
changing the state. Each app registers one `Kind` per reviewed model (in its ``workflow.py``,
imported by its AppConfig.ready)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar, TypeVar

from django.contrib.auth.models import User
from django.db import models

from gongkai.privacy import scan
from gongkai.workdays import Calendar
from gongkai.workflow.gates import Found, to_acknowledge, word_problems
from gongkai.workflow.lifecycle import (
    Gate,
    Lifecycle,
    Move,
    MoveKind,
    Outcome,
    Party,
    Person,
    Refused,
    Signer,
)
from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import BUSINESS_ROLES, Agency, Role, RoleGrant
from gongkai_web.organizations.permissions import can_view, grants
from gongkai_web.workflow.models import Event


@dataclass(frozen=True)
class Field:
    """An extra input a move asks for, shown in its form (a 保密审查 conclusion …)."""

    name: str
    label: str
    choices: tuple[tuple[str, str], ...] = ()
    required: bool = True


@dataclass
class Inputs:
    """What the person submitted with the move, and when it happened."""

    note: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    at: dt.datetime | None = None  # a signature recorded afterwards (paper forms, history)
    on: dt.date | None = None  # the business date the move takes effect (publication date …)
    # Objects the move needs and the event does not keep (the working-day calendar …).
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Deadline:
    """A statutory date a record is waiting against (an application's reply, Art. 26)."""

    due: dt.date | None
    note: str  # what the date is and how it stands, as the 待办 list shows it
    overdue: bool = False


def person_name(user: Any) -> str:
    return str(user.get_full_name() or user.get_username())


class Kind:
    """One reviewed model. Subclasses set the class attributes and override what differs."""

    lifecycle: ClassVar[Lifecycle[Any, Any]]
    model: ClassVar[type[models.Model]]
    event_model: ClassVar[type[Event]]
    state_field: ClassVar[str] = "status"
    round_field: ClassVar[str | None] = "review_round"
    author_field: ClassVar[str | None] = "created_by"
    related: ClassVar[tuple[str, ...]] = ("agency",)
    # The audit action is "<audit_prefix>.<action>".
    audit_prefix: ClassVar[str] = ""
    # True where the services change the locked record before the move and let it save them.
    save_whole: ClassVar[bool] = False
    # The lookup from the record to its agency (for the lists that filter by agency).
    agency_path: ClassVar[str] = "agency"
    # Moves besides the signatures that are work waiting on whoever may take them now (a
    # submission, a publication, an application's handling): the 待办 desk lists them.
    waits: ClassVar[frozenset[str]] = frozenset()

    # --- the record ------------------------------------------------------------------------------

    @property
    def name(self) -> str:
        return self.lifecycle.name

    def get(self, pk: int) -> models.Model:
        return self.model._default_manager.select_related(*self.related).get(pk=pk)

    def lock(self, record: models.Model) -> models.Model:
        """The row read again under its lock. Only the row: the rows it points to (agency,
        account) are not changed by a move, so the caller's copies are kept, or read as the
        first access needs them; a join here cost more than the rest of the move on SQLite."""
        locked = self.model._default_manager.select_for_update().get(pk=record.pk)
        kept = record._state.fields_cache
        for column in self.model._meta.concrete_fields:
            if not column.is_relation or column.name not in kept:
                continue
            target = kept[column.name]
            # A copy still pointed to by the locked row (a changed key is read afresh).
            if target is not None and target.pk == getattr(locked, column.attname):
                locked._state.fields_cache[column.name] = target
        return locked

    def agency(self, record: Any) -> Agency:
        agency: Agency = record.agency
        return agency

    def state(self, record: Any) -> Any:
        return self.lifecycle.states(getattr(record, self.state_field))

    def round(self, record: Any) -> int:
        return int(getattr(record, self.round_field)) if self.round_field else 0

    def author(self, record: Any) -> Hashable | None:
        if self.author_field is None:
            return None
        value: Hashable | None = getattr(record, f"{self.author_field}_id")
        return value

    def url(self, record: Any) -> str:
        raise NotImplementedError

    def title(self, record: Any) -> str:
        return str(record)

    # --- the 待办 desk: many records at once, in a fixed number of queries ---------------------

    def working_states(self) -> frozenset[Any]:
        """The states in which someone has a signature to give or a waiting move to make."""
        return frozenset(
            source
            for move in self.lifecycle.moves
            if move.kind is MoveKind.SIGN or move.action.value in self.waits
            for source in move.sources
        )

    def open_records(self, agencies: Sequence[Agency]) -> models.QuerySet[Any]:
        """The records of ``agencies`` in a working state, with what `roles`, `title` and
        `deadline` read."""
        states = [state.value for state in self.working_states()]
        return self.model._default_manager.filter(
            **{f"{self.agency_path}__in": agencies, f"{self.state_field}__in": states}
        ).select_related(*self.related)

    def round_events_of(self, records: Sequence[Any]) -> dict[int, list[Event]]:
        """Each record's events of its current round, in one query."""
        out: dict[int, list[Event]] = {record.pk: [] for record in records}
        if not records:
            return out
        rounds = {record.pk: self.round(record) for record in records}
        events = self._events().filter(record__in=records).order_by("at", "pk")
        for event in events:
            record_id = event.record_id
            if event.round == rounds[record_id]:
                out[record_id].append(event)
        return out

    def author_in(self, record: Any, round_events: Sequence[Event]) -> Hashable | None:
        """`author`, from the round's events already read where it is kept there."""
        return self.author(record)

    def deadline(self, record: Any, calendar: Calendar, today: dt.date) -> Deadline | None:
        """The statutory date the record waits against, if the law sets one."""
        return None

    # --- people ----------------------------------------------------------------------------------

    def roles(self, user: Any, record: Any) -> frozenset[str]:
        """The roles ``user`` acts in for ``record``: grants at its agency, and 政务公开办 above."""
        if user is None:
            return frozenset({Party.SYSTEM})
        agency = self.agency(record)
        held = {g.role for g in grants(user) if g.agency_id == agency.pk}
        if any(
            g.role == Role.SUPERVISOR
            and g.agency_id != agency.pk
            and agency.path.startswith(g.agency.path)
            for g in grants(user)
        ):
            held.add(Party.SUPERVISOR_ABOVE)
        return frozenset(held)

    def person(self, actor: audit.Actor, record: Any) -> Person:
        user = actor.user
        if user is None:
            return Person("system", "系统", frozenset({Party.SYSTEM}))
        return Person(user.pk, person_name(user), self.roles(user, record))

    def staff(self, record: Any) -> list[Person]:
        """Everyone with a business role at the record's agency (who could take a step)."""
        agency = self.agency(record)
        held: dict[int, set[str]] = {}
        users: dict[int, User] = {}
        for grant in RoleGrant.objects.filter(
            agency=agency, role__in=BUSINESS_ROLES
        ).select_related("user"):
            if not grant.user.is_active:
                continue
            held.setdefault(grant.user_id, set()).add(grant.role)
            users[grant.user_id] = grant.user
        return [
            Person(pk, person_name(users[pk]), frozenset(roles))
            for pk, roles in sorted(held.items(), key=lambda item: person_name(users[item[0]]))
        ]

    def may_view(self, user: Any, record: Any) -> bool:
        return can_view(user, self.agency(record))

    # --- events ----------------------------------------------------------------------------------

    def events(self, record: Any) -> models.QuerySet[Any]:
        found: models.QuerySet[Any] = self._events().filter(record=record).order_by("at", "pk")
        return found

    def round_events(self, record: Any) -> list[Event]:
        return list(self.events(record).filter(round=self.round(record)))

    def last_event_id(self, record: Any) -> int:
        last = self.events(record).order_by("-pk").values_list("pk", flat=True).first()
        return int(last or 0)

    def signed(self, record: Any, round_events: Sequence[Event]) -> dict[str, Signer]:
        out: dict[str, Signer] = {}
        for event in round_events:
            if event.slot:
                out[event.slot] = Signer(event.actor_id or "system", event.actor_name)
        return out

    def designated(self, record: Any, round_events: Sequence[Event]) -> dict[str, Hashable]:
        out: dict[str, Hashable] = {}
        for event in round_events:
            if event.data.get("designated_slot"):
                out[event.data["designated_slot"]] = event.data["designee"]
        return out

    def write_event(self, record: Any, inputs: Inputs, **values: Any) -> Event:
        event = self.new_event(record, inputs, **values)
        event.save(force_insert=True)
        return event

    def new_event(self, record: Any, inputs: Inputs, **values: Any) -> Event:
        """The event row of a move, not yet saved (an import saves its rows in bulk)."""
        event: Event = self.event_model(record=record, **values)  # type: ignore[misc]
        return event

    def _events(self) -> Any:
        # Each concrete event model adds its own "record" foreign key; the abstract Event has
        # none, so mypy's Django plugin cannot check lookups of it.
        return self.event_model._default_manager

    # --- gates and the move's own effects ------------------------------------------------------

    def problems(self, record: Any, gate: Gate, round_events: Sequence[Event],
                 inputs: Inputs) -> list[str]:  # fmt: skip
        """What keeps ``gate`` shut now (empty: open). Kinds with gates override this."""
        return []

    def acknowledgeable(self, record: Any, round_events: Sequence[Event]) -> list[tuple[str, str]]:
        """The flagged words a reviewer may acknowledge now: (word, where and what)."""
        return []

    def facts_data(self, record: Any) -> Mapping[str, Any]:
        """Facts the table's resolvers read (an application's sign-for and extension)."""
        return {}

    def fields(self, move: Move[Any, Any]) -> list[Field]:
        """Extra inputs ``move`` asks for in its form."""
        return []

    def check_inputs(self, record: Any, move: Move[Any, Any], inputs: Inputs,
                     round_events: Sequence[Event]) -> None:  # fmt: skip
        """Refuse (raise Refused) inputs the move cannot take."""
        if move.kind is MoveKind.ACKNOWLEDGE:
            open_words = {word for word, _ in self.acknowledgeable(record, round_events)}
            chosen = [str(w) for w in inputs.data.get("words", []) if str(w)]
            if not chosen:
                raise Refused("请勾选要确认的错敏词")
            unknown = [w for w in chosen if w not in open_words]
            if unknown:
                raise Refused(
                    f"“{'、'.join(unknown)}”不是待确认的错敏词（可能已修改或已确认），请刷新页面"
                )
            inputs.data["words"] = chosen
        for spec in self.fields(move):
            value = str(inputs.data.get(spec.name, "")).strip()
            if spec.required and not value:
                raise Refused(f"“{move.action.label}”须选择或填写{spec.label}")
            if spec.choices and value and value not in {key for key, _ in spec.choices}:
                raise Refused(f"{spec.label}的选项无效，请重新选择")

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        """Change the record as the move requires (before it is saved); returns what to add
        to the audit row's changes."""
        return {}

    def after_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                   actor: audit.Actor, event: Event) -> None:  # fmt: skip
        """Work that needs the saved move (queueing a task on commit …)."""


class TextGated(Kind):
    """A kind whose review steps the 错敏词 and 个人信息 gates shut until each flag is changed
    or acknowledged: subclasses say where its text is."""

    # Whether the codes of 个体工商户 count as personal data (the agency's masking policy).
    person_codes: ClassVar[bool] = False

    def texts(self, record: Any) -> list[tuple[str, str]]:
        """(where, text) of everything published with the record: fields, attachments."""
        raise NotImplementedError

    def flagged(self, record: Any) -> list[Found]:
        from gongkai_web.publishing.selectors import matcher_for

        matcher = matcher_for(self.agency(record))
        return [
            Found(where, hit) for where, text in self.texts(record) for hit in matcher.find(text)
        ]

    def personal(self, record: Any) -> list[Found]:
        return [
            Found(where, hit)
            for where, text in self.texts(record)
            for hit in scan(text, person_codes=self.person_codes)
        ]

    def acknowledged(self, round_events: Sequence[Event]) -> set[str]:
        """What was acknowledged in this round (each acknowledging event lists its flags)."""
        acknowledging = {
            move.action.value for move in self.lifecycle.moves if move.kind is MoveKind.ACKNOWLEDGE
        }
        words: set[str] = set()
        for event in round_events:
            if event.action in acknowledging:
                words.update(event.data.get("words", []))
        return words

    def problems(self, record: Any, gate: Gate, round_events: Sequence[Event],
                 inputs: Inputs) -> list[str]:  # fmt: skip
        if gate is Gate.WORDS:
            return word_problems(self.flagged(record), self.acknowledged(round_events))
        if gate is Gate.PERSONAL:
            return word_problems(self.personal(record), self.acknowledged(round_events))
        return []

    def acknowledgeable(self, record: Any, round_events: Sequence[Event]) -> list[tuple[str, str]]:
        flags = self.personal(record) + self.flagged(record)
        return to_acknowledge(flags, self.acknowledged(round_events))


def signing_moves(lifecycle: Lifecycle[Any, Any]) -> Iterable[Move[Any, Any]]:
    return (move for move in lifecycle.moves if move.kind is MoveKind.SIGN)


_KINDS: dict[str, Kind] = {}


K = TypeVar("K", bound=Kind)


def register(kind: K) -> K:
    _KINDS[kind.name] = kind
    return kind


def kind_named(name: str) -> Kind:
    return _KINDS[name]


def registered() -> dict[str, Kind]:
    return dict(_KINDS)
