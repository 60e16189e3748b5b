"""The cases app's working-day calendar, and the name its views read the date by.

`today` is `gongkai_web.clock.today`: tests and demos set the time with `gongkai_web.clock.frozen`
(the ``frozen_clock`` fixture) to walk a case through weeks in seconds, for every app at once.
"""

from __future__ import annotations

from gongkai.workdays import Calendar
from gongkai_web.clock import today
from gongkai_web.operations.calendar_years import current_calendar

__all__ = ["calendar", "today"]


def calendar() -> Calendar:
    """The shipped years plus those the system administrator has entered."""
    return current_calendar()
