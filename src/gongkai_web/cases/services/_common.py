"""Shared by the case services: errors, who may do what, and moving a case between states
(each move is a CaseEvent plus an audit row).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth.models import User

from gongkai.cases.outcomes import Disposition
from gongkai.cases.states import Action
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.application import ROLES
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases.models import (
    Application,
    CaseEvent,
    Letter,
    LetterKind,
)
from gongkai_web.organizations.models import Role
from gongkai_web.organizations.permissions import grants
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs


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

# The moves' roles are the lifecycle table's; the other verbs are the clerk's.
ROLES_FOR: dict[Action | str, frozenset[str]] = {"register": frozenset({Role.CLERK})} | ROLES
DEFAULT_ROLES = frozenset({Role.CLERK})


def roles_here(user: User, application: Application) -> set[str]:
    places = {application.agency_id, application.handling_unit_id}
    return {g.role for g in grants(user) if g.agency_id in places}


def require(actor: audit.Actor, application: Application, what: Action | str) -> None:
    allowed = ROLES_FOR.get(what, DEFAULT_ROLES)
    user = actor.user
    if user is None or not (roles_here(user, application) & allowed):
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
    """A line of the case's history that is not a move (a letter issued, a fee notified)."""
    CaseEvent.objects.create(
        application=application,
        action=action,
        from_state=from_state,
        to_state=application.state,
        on=on,
        at=clock.now(),
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
    """The move of the case's table (who, distinct signers, state), with its CaseEvent and
    audit row; ``application`` is locked and may carry the service's other changes."""
    from gongkai_web.cases.workflow import APPLICATION_KIND

    inputs = Inputs(note=note, on=on, data={"on": on, **(changes or {})})
    try:
        workflow.move(APPLICATION_KIND, application, action, actor=actor, inputs=inputs)
    except Refused as refused:
        raise (NotPermitted if refused.who else CaseError)(refused.message) from None


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
    from gongkai_web.cases import letters
    from gongkai_web.cases.services.documents import issue_letter  # it imports this module

    if action is not Action.WITHDRAW:  # a confirmed withdrawal names no remedies
        problem = letters.remedy_problem(application, disposition)
        if problem:
            raise CaseError(problem.replace("答复书", "终止办理告知书"))
    application.disposition = disposition.value
    application.outcome_row = disposition.row
    application.outcome_reason = reason
    application.closed_on = on
    _move(actor, application, action, on, reason, {"row": disposition.row})
    letter = issue_letter(actor, application, LetterKind.CLOSURE, on)
    application.reply_number = letter.number
    application.save(update_fields=["reply_number"])
    return letter
