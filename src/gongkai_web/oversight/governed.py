"""The records a rule governs, counted for a year, with the page that lists them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet
from django.urls import reverse

from gongkai_web.cases.models import Application
from gongkai_web.media_accounts.models import MediaAccount, PatrolRun, PostEvent
from gongkai_web.organizations.models import Agency
from gongkai_web.oversight.models import Governed, Rule, ScoringStandard
from gongkai_web.publishing.models import EntryEvent

Finder = Callable[[Agency, int], "QuerySet[Any]"]

FINDERS: dict[str, tuple[Callable[[Agency, int], QuerySet], str]] = {  # type: ignore[type-arg]
    Governed.MEDIA_REVIEW: (
        lambda a, y: PostEvent.objects.filter(
            record__account__agency__path__startswith=a.path, at__year=y
        ).exclude(slot=""),
        "media_accounts:matrix",
    ),
    Governed.PUBLISHING_REVIEW: (
        lambda a, y: EntryEvent.objects.filter(
            record__agency__path__startswith=a.path, at__year=y
        ).exclude(slot=""),
        "publishing:index",
    ),
    Governed.MEDIA_ACCOUNT: (
        lambda a, y: MediaAccount.objects.filter(agency__path__startswith=a.path),
        "media_accounts:matrix",
    ),
    Governed.PATROL: (
        lambda a, y: PatrolRun.objects.filter(agency__path__startswith=a.path, on__year=y),
        "media_accounts:patrols",
    ),
    Governed.APPLICATION: (
        lambda a, y: Application.objects.filter(
            agency__path__startswith=a.path, received_on__year=y
        ),
        "cases:index",
    ),
    Governed.SCORING: (
        lambda a, y: ScoringStandard.objects.filter(agency=a),
        "oversight:standard",
    ),
}


def counts(rule: Rule, year: int) -> list[tuple[str, int, str]]:
    out = []
    for key in rule.governs:
        if key not in FINDERS:
            continue
        finder, url_name = FINDERS[key]
        out.append(
            (
                Governed(key).label,
                finder(rule.agency, year).count(),
                f"{reverse(url_name)}?agency={rule.agency_id}",
            )
        )
    return out
