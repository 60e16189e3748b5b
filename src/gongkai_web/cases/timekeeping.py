"""The web side's one reading of the date and its one calendar; views pass them on.

Tests and demos replace `today` (monkeypatch) to walk a case through weeks in seconds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.workdays import Calendar
from gongkai_web.operations.calendar_years import current_calendar


def today() -> dt.date:
    return timezone.localdate()


def calendar() -> Calendar:
    """The shipped years plus those the system administrator has entered."""
    return current_calendar()
