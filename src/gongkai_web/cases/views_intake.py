"""What the case page shows of intake: the published information found when the application
was filed (with the Art. 36(1) reply prepared for the clerk to choose), its 12345 ticket, and
its hand-off to 信访, 投诉/举报 or 12345."""

from __future__ import annotations

from typing import Any

from gongkai.cases.outcomes import Disposition
from gongkai.cases.routing import Route
from gongkai_web.cases import published
from gongkai_web.cases.models import Application, Handoff, HotlineTicket, PublishedMatch


def intake_context(application: Application, matches: list[PublishedMatch]) -> dict[str, Any]:
    # Prepared, not chosen: the clerk still picks the outcome and the reply goes through review
    # and signature; only a case with no outcome drafted yet is offered it.
    prepared = (
        {
            "disposition": Disposition.ALREADY_PUBLIC.value,
            "label": Disposition.ALREADY_PUBLIC.label,
            "provision_note": published.prepared_note(matches),
        }
        if matches and not application.disposition
        else {}
    )
    return {
        "published_matches": matches,
        "prepared": prepared,
        "handoff": Handoff.objects.filter(application=application).first(),
        "hotline": HotlineTicket.objects.filter(application=application).first(),
        "routes": [(r.value, r.label) for r in Route],
    }
