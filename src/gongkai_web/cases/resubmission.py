"""A resubmission caught: the same person (the same ID number and phone) asking the same
agency for the same thing within a few minutes is shown the tracking number they already have
and asked to confirm. Nothing is merged; different people never match, since the blind index
of the ID number is the key."""

from __future__ import annotations

import datetime as dt

from django.conf import settings

from gongkai_web.cases.models import Application, applicant_key
from gongkai_web.cases.services import ApplicantData
from gongkai_web.organizations.models import Agency


def minutes() -> int:
    """GONGKAI_RESUBMIT_MINUTES: how far back a resubmission is looked for."""
    return int(settings.GONGKAI_RESUBMIT_MINUTES)


def _same_text(text: str) -> str:
    return "".join(text.split()).rstrip("。.!！")


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def earlier_submission(
    *, agency: Agency, applicant: ApplicantData, now: dt.datetime
) -> Application | None:
    key = applicant_key(applicant.id_number)
    if not key:
        return None
    wanted = _same_text(applicant.description)
    recent = Application.objects.filter(
        agency=agency, applicant_key=key, submitted_at__gte=now - dt.timedelta(minutes=minutes())
    ).order_by("-submitted_at", "-pk")
    for application in recent[:20]:
        if _same_text(application.description) == wanted and _digits(application.phone) == _digits(
            applicant.phone
        ):
            return application
    return None


def unconfirmed(
    *, agency: Agency, applicant: ApplicantData, now: dt.datetime, confirmed: str
) -> Application | None:
    """The earlier submission, unless the applicant confirmed this one is new by sending its
    tracking number back (``confirmed``)."""
    earlier = earlier_submission(agency=agency, applicant=applicant, now=now)
    if earlier is None or confirmed == earlier.tracking_number:
        return None
    return earlier
