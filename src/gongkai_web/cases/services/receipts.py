"""An application's 申请接收回执: rendered once, by the task queue or by the sweep.

``receive`` stores each application as owed its receipt (``Application.receipt_owed``) in the
transaction that files it; the transaction that stores the receipt clears the mark. Whatever
loses a queued task (the queue unreachable at the commit, a web worker killed between the
commit and the queueing, a task worker killed mid-task: huey delivers a task at most once) is
found by ``render_owed_receipts``, run every minute by the task worker and by the
``render_owed_receipts`` command.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field

from django.db import transaction

from gongkai.workdays import Calendar, UnknownYearError
from gongkai_web.audit import services as audit
from gongkai_web.cases.clock import case_clock
from gongkai_web.cases.models import Application, Letter, LetterKind
from gongkai_web.cases.services._common import locked
from gongkai_web.cases.services.documents import issue_letter
from gongkai_web.operations.calendar_years import current_calendar

log = logging.getLogger(__name__)


@transaction.atomic
def receipt(application: Application, calendar: Calendar | None = None) -> Letter:
    """The application's receipt, rendered and stored the first time it is asked for.

    The application's row is locked first, so two workers rendering the same receipt take
    turns and the second finds the first one's letter (a unique constraint backs this up).
    """
    application = locked(application)
    found = application.letters.filter(kind=LetterKind.RECEIPT).first()
    if found is None:
        due = case_clock(application).due(calendar or current_calendar())
        actor = audit.Actor(user=None, role="system", agency=application.agency)
        found = issue_letter(
            actor, application, LetterKind.RECEIPT, application.received_on, due=due
        )
    if application.receipt_owed:
        application.receipt_owed = False
        application.save(update_fields=["receipt_owed"])
    return found


@dataclass
class Sweep:
    rendered: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)  # tracking number → error
    # A receipt names its due date: one due in a year the calendar lacks waits, still owed,
    # until the system administrator enters that year (the next sweep renders it then).
    waiting: dict[str, str] = field(default_factory=dict)  # tracking number → what is missing


def render_owed_receipts(*, submitted_before: dt.datetime, limit: int = 500) -> Sweep:
    """Render every receipt still owed by an application submitted before the given time.

    The time leaves the queued task its turn (a sweep racing it only waits for its lock);
    one receipt that fails is reported and the others are still rendered.
    """
    owed = Application.objects.filter(receipt_owed=True, submitted_at__lt=submitted_before)
    sweep = Sweep()
    for application in owed.order_by("submitted_at")[:limit]:
        try:
            receipt(application)
        except UnknownYearError as missing:
            sweep.waiting[application.tracking_number] = missing.message
        except Exception as error:  # one broken application must not hold up the others
            log.exception("receipt of %s not rendered", application.tracking_number)
            sweep.failed[application.tracking_number] = f"{type(error).__name__}: {error}"
        else:
            sweep.rendered.append(application.tracking_number)
    return sweep
