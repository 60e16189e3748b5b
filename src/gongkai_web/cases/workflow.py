"""The application as a kind of reviewed record (table: gongkai.workflow.tables.application).

The case's services do more than change the state (assign a unit, record a correction, issue a
letter), all inside one transaction with the row locked; each then makes its move through
``workflow.services.move``, which checks the table (roles at the agency or the handling unit,
the three distinct signers of the reply) and writes the CaseEvent and the audit row.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable, Mapping, Sequence
from typing import Any, cast

from django.db.models import Q
from django.urls import reverse

from gongkai.cases.states import Action
from gongkai.workdays import Calendar
from gongkai.workdays.clock import ClockState
from gongkai.workflow.lifecycle import Outcome, Signer
from gongkai.workflow.tables.application import APPLICATION, DRAFT, REVIEW, SIGN
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import Application, CaseEvent
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import grants
from gongkai_web.workflow.kinds import Deadline, Inputs, Kind, person_name, register
from gongkai_web.workflow.models import Event

_SIGNER_FIELDS = {DRAFT.key: "drafted_by", REVIEW.key: "reviewed_by", SIGN.key: "signed_by"}


class ApplicationKind(Kind):
    lifecycle = APPLICATION
    model = Application
    event_model = CaseEvent  # type: ignore[assignment]  # the cases' own history table
    state_field = "state"
    round_field = None
    author_field = "drafted_by"
    related = ("agency",)
    audit_prefix = "case"
    save_whole = True
    # The next step of the agency's own handling; not what happens from outside (the applicant's
    # correction or withdrawal, a third party's opinion) nor an option (延期, 转办, 终止).
    waits = frozenset(
        a.value for a in (Action.ASSIGN, Action.SIGN_FOR, Action.SUBMIT_DRAFT, Action.ARCHIVE)
    )

    def url(self, record: Any) -> str:
        return reverse("cases:detail", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"申请 {record.tracking_number}"

    def roles(self, user: Any, record: Any) -> frozenset[str]:
        """Grants at the agency that received it or at the unit handling it."""
        if user is None:
            return super().roles(user, record)
        places = {record.agency_id, record.handling_unit_id}
        return frozenset(g.role for g in grants(user) if g.agency_id in places)

    def open_records(self, agencies: Sequence[Agency]) -> Any:
        """Those received by ``agencies`` or handled by one of them, with the signers and the
        consultations (the pauses of the clock)."""
        states = [state.value for state in self.working_states()]
        return (
            Application.objects.filter(Q(agency__in=agencies) | Q(handling_unit__in=agencies))
            .filter(state__in=states)
            .select_related("agency", "handling_unit", "drafted_by", "reviewed_by")
            .prefetch_related("consultations")
        )

    def round_events_of(self, records: Sequence[Any]) -> dict[int, list[Event]]:
        return {record.pk: [] for record in records}

    def deadline(self, record: Any, calendar: Calendar, today: dt.date) -> Deadline | None:
        from gongkai_web.cases.clock import dues

        found = dues(record, calendar, today)
        if found.error:
            return Deadline(None, found.error)
        if found.state is None:
            return None
        note = f"答复期限 {found.due.isoformat()}，{found.note}" if found.due else found.note
        return Deadline(found.due, note, found.state is ClockState.OVERDUE)

    def events(self, record: Any) -> Any:
        return CaseEvent.objects.filter(application=record).order_by("at", "pk")

    def round_events(self, record: Any) -> list[Event]:
        return []  # the reply's signers are on the application itself

    def signed(self, record: Any, round_events: Sequence[Event]) -> dict[str, Signer]:
        out = {}
        for slot, user in ((DRAFT, record.drafted_by), (REVIEW, record.reviewed_by)):
            if user is not None:
                out[slot.key] = Signer(user.pk, person_name(user))
        return out

    def designated(self, record: Any, round_events: Sequence[Event]) -> dict[str, Hashable]:
        return {}

    def facts_data(self, record: Any) -> Mapping[str, Any]:
        return {"signed_for": record.signed_for, "extended": record.extended}

    def new_event(self, record: Any, inputs: Inputs, **values: Any) -> Any:
        return CaseEvent(
            application=record, action=values["action"], from_state=values["from_state"],
            # Every case move is dated: the services pass on= (the column is NOT NULL).
            to_state=values["to_state"], on=cast(dt.date, inputs.on), at=values["at"],
            actor=values["actor"],
            note=values["note"],
        )  # fmt: skip

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        """The reply's signers are fields of the application: the move fills its slot's."""
        slot = outcome.move.signs
        if slot is not None:
            setattr(record, _SIGNER_FIELDS[slot.key], actor.user)
            if outcome.move.new_round:
                record.reviewed_by = None
        return {}

    def agency(self, record: Any) -> Agency:
        agency: Agency = record.agency
        return agency


APPLICATION_KIND = register(ApplicationKind())
