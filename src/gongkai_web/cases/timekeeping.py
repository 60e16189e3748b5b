"""The web side's one reading of the date and its one calendar; views pass them on.

Tests and demos replace `today` (monkeypatch) to walk a case through weeks in seconds.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from gongkai.workdays import Calendar


def today() -> dt.date:
    return timezone.localdate()


def calendar() -> Calendar:
    return Calendar.shipped()
