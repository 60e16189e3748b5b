"""Shared by the case services: errors, who may do what, and moving a case between states
(each move is a CaseEvent plus an audit row).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User
from django.utils import timezone

from gongkai.cases.outcomes import Disposition
from gongkai.cases.states import Action, Handling, IllegalTransition, next_state
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import (
    Application,
    CaseEvent,
    Letter,
    LetterKind,
)
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import grants


class CaseError(Exception):
    """Bad input or a rule of the regulation broken: the message says what to fix."""

    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


class NotPermitted(CaseError):
    pass


class AlreadyExtended(CaseError):
    """Art. 33(2) allows one extension of at most 20 working days."""


# --- who may do what ------------------------------------------------------------------------

ROLES_FOR: dict[Action | str, frozenset[str]] = {
    "register": frozenset({Role.CLERK}),
    Action.ASSIGN: frozenset({Role.CLERK, Role.LEADER}),
    Action.TRANSFER: frozenset({Role.CLERK, Role.LEADER}),
    Action.REASSIGN: frozenset({Role.CLERK, Role.LEADER}),
    Action.EXTEND: frozenset({Role.LEADER}),  # Art. 33: the working body's head approves
    Action.APPROVE_DRAFT: frozenset({Role.REVIEWER}),
    Action.REJECT_DRAFT: frozenset({Role.REVIEWER}),
    Action.SIGN: frozenset({Role.LEADER}),
    Action.REJECT_SIGNATURE: frozenset({Role.LEADER}),
}
DEFAULT_ROLES = frozenset({Role.CLERK})


def roles_here(user: User, application: Application) -> set[str]:
    places = {application.agency_id, application.handling_unit_id}
    return {g.role for g in grants(user) if g.agency_id in places}


def require(actor: audit.Actor, application: Application, what: Action | str) -> None:
    allowed = ROLES_FOR.get(what, DEFAULT_ROLES)
    user = actor.user
    if user is None or not (roles_here(user, application) & allowed):  # type: ignore[arg-type]
        label = what.label if isinstance(what, Action) else "登记申请"
        names = "、".join(Role(r).label for r in sorted(allowed))
        raise NotPermitted(f"“{label}”须由本机关的{names}办理")


# --- moving a case ---------------------------------------------------------------------------


def _event(
    actor: audit.Actor,
    application: Application,
    action: str,
    from_state: str,
    on: dt.date,
    note: str = "",
) -> None:
    CaseEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=application.state,
        on=on,
        at=timezone.now(),
        actor=actor.user,
        note=note,
    )


def _check_date(application: Application, on: dt.date, today: dt.date, what: str) -> None:
    if on > today:
        raise CaseError(f"{what}不能晚于今天")
    if on < application.received_on:
        raise CaseError(f"{what}不能早于收到申请的日期 {application.received_on.isoformat()}")


def _move(
    actor: audit.Actor,
    application: Application,
    action: Action,
    on: dt.date,
    note: str = "",
    changes: dict[str, Any] | None = None,
) -> None:
    require(actor, application, action)
    before = application.case_state
    try:
        after = next_state(
            before,
            action,
            Handling(signed_for=application.signed_for, extended=application.extended),
        )
    except IllegalTransition as error:
        raise CaseError(error.message) from None
    application.state = after.value
    application.save()
    _event(actor, application, action.value, before.value, on, note)
    audit.record(
        actor=actor,
        action=f"case.{action.value}",
        obj=application,
        agency=application.agency,
        changes={"state": {"before": before.value, "after": after.value}, "on": on}
        | (changes or {}),
    )


def locked(application: Application) -> Application:
    return Application.objects.select_for_update().get(pk=application.pk)


def _close(
    actor: audit.Actor,
    application: Application,
    action: Action,
    on: dt.date,
    disposition: Disposition,
    reason: str = "",
) -> Letter:
    """Close without a reply, and tell the applicant in a numbered 告知书 (its number is the
    case's 答复文号, delivered and archived like a reply)."""
    from gongkai_web.cases.services.documents import issue_letter  # it imports this module

    application.disposition = disposition.value
    application.outcome_row = disposition.row
    application.outcome_reason = reason
    application.closed_on = on
    _move(actor, application, action, on, reason, {"row": disposition.row})
    letter = issue_letter(actor, application, LetterKind.CLOSURE, on)
    application.reply_number = letter.number
    application.save(update_fields=["reply_number"])
    return letter
