"""Published information that answers an application: catalogue entries found by the
portal's own search (主动公开 and public only) and the public registers it speaks of.

Shown on /apply/ while the applicant types, and recorded on the application when it is filed
anyway, so that the clerk sees the match and may choose the Art. 36(1) reply.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.urls import reverse

from gongkai.cases import lookup
from gongkai_web.cases.intake_models import PublishedMatch
from gongkai_web.cases.models import Application
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing import public_registers
from gongkai_web.publishing import selectors as catalogue
from gongkai_web.publishing.models import DecisionRecord, Entry, FeeRecord

MAX_MATCHES = 5


@dataclass(frozen=True)
class Match:
    kind: str  # PublishedMatch.Kind
    title: str
    url: str
    detail: str
    entry_id: int | None = None
    published_on: dt.date | None = None


def find(description: str, document_number: str = "", agency: Agency | None = None) -> list[Match]:
    """Entries first, those matching the longest phrase ahead; then the registers."""
    phrases = lookup.phrases(description, document_number)
    filters = catalogue.SearchFilters(agency_id=agency.pk if agency else None)
    scores: dict[int, int] = {}
    entries: dict[int, Entry] = {}
    for phrase in phrases:
        for entry in catalogue.search(phrase, filters).entries:
            scores[entry.pk] = scores.get(entry.pk, 0) + len(phrase)
            entries[entry.pk] = entry
    best = sorted(scores, key=lambda pk: (-scores[pk], -pk))[:MAX_MATCHES]
    found = [
        Match(
            PublishedMatch.Kind.ENTRY,
            entries[pk].title,
            reverse("portal:entry", args=[pk]),
            _entry_detail(entries[pk]),
            pk,
            entries[pk].published_on,
        )
        for pk in best
    ]
    if agency is not None:
        found += _registers(description, document_number, phrases, agency)
    return found


def _entry_detail(entry: Entry) -> str:
    parts = [entry.agency.name]
    if entry.doc_number:
        parts.append(entry.doc_number)
    if entry.index_number:
        parts.append(f"索引号 {entry.index_number}")
    if entry.published_on:
        parts.append(f"{entry.published_on:%Y-%m-%d} 公开")
    return "，".join(parts)


def _registers(
    description: str, document_number: str, phrases: list[str], agency: Agency
) -> list[Match]:
    kinds = lookup.register_kinds(description + document_number)
    numbers = [p for p in [document_number.strip(), *phrases] if p]
    named = DecisionRecord.objects.filter(agency=agency, number__in=numbers).values_list(
        "kind", "number"
    )
    found = []
    by_number = dict(named)
    for kind in dict.fromkeys([*by_number, *kinds]):
        held = (
            FeeRecord.objects.filter(agency=agency).exists()
            if kind == public_registers.FEES
            else DecisionRecord.objects.filter(agency=agency, kind=kind).exists()
        )
        if not held:
            continue
        title = public_registers.REGISTERS[kind]
        detail = f"{agency.name}公示栏" + (
            f"，含决定书 {by_number[kind]}" if kind in by_number else ""
        )
        url = reverse("portal:register", args=[agency.pk, kind])
        found.append(Match(PublishedMatch.Kind.REGISTER, f"{title}公示", url, detail))
    return found


def record(application: Application, matches: list[Match]) -> None:
    PublishedMatch.objects.bulk_create(
        PublishedMatch(
            application=application,
            kind=m.kind,
            entry_id=m.entry_id,
            title=m.title[:300],
            url=m.url,
            detail=m.detail[:300],
            published_on=m.published_on,
        )
        for m in matches
    )


def prepared_note(matches: list[PublishedMatch]) -> str:
    """The Art. 36(1) reply's 提供方式说明: where each matched item is published (a letter
    names the catalogue entry by its 索引号; the site's address is the agency's to add)."""
    places = "；".join(
        f"《{m.title}》（{m.detail}）" if m.kind == PublishedMatch.Kind.ENTRY else
        f"{m.title}（{m.detail}）"
        for m in matches
    )  # fmt: skip
    return f"该信息已在本机关政府信息公开平台主动公开，您可以查阅：{places}"
