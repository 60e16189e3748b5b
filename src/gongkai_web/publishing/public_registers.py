"""The registers as the public reads them (Art. 20 (5)(6)(8)): one page of decisions or fees,
newest first, natural persons' names masked before they leave the server."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet, Sum

from gongkai.publishing.registers import mask_person
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import DecisionKind, DecisionRecord, FeeRecord, PartyKind

PAGE_SIZE = 20
CENTS = Decimal("0.01")
FEES = "fees"
REGISTERS: dict[str, str] = {
    DecisionKind.LICENSING.value: "行政许可决定",
    DecisionKind.PENALTY.value: "行政处罚决定",
    DecisionKind.COERCION.value: "行政强制决定",
    FEES: "行政事业性收费",
}


@dataclass(frozen=True)
class PublicDecision:
    number: str
    party: str
    party_kind: str
    decided_on: dt.date
    matter: str
    decision: str


def public_decision(record: DecisionRecord) -> PublicDecision:
    """A person's name is masked in the party column and wherever the text repeats it."""
    matter, decision, party = record.matter, record.decision, record.party
    if record.party_kind == PartyKind.PERSON:
        masked = mask_person(party)
        name = party.strip()
        if len(name) > 1:
            matter, decision = matter.replace(name, masked), decision.replace(name, masked)
        party = masked
    return PublicDecision(
        number=record.number,
        party=party,
        party_kind=PartyKind(record.party_kind).label,
        decided_on=record.decided_on,
        matter=matter,
        decision=decision,
    )


def decision_page(agency: Agency, kind: str, year: int | None, page: int) -> Page[PublicDecision]:
    """A count and one page's rows, from the (agency, kind, decided_on) index."""
    found = DecisionRecord.objects.filter(agency=agency, kind=kind)
    if year is not None:
        found = found.filter(decided_on__year=year)
    found = found.only("number", "party", "party_kind", "decided_on", "matter", "decision")
    shown: Page[Any] = Paginator(found.order_by("-decided_on", "-pk"), PAGE_SIZE).get_page(page)
    # The page's records are replaced by what the public may see of each.
    shown.object_list = [public_decision(record) for record in shown.object_list]
    return shown


def fee_page(agency: Agency, year: int | None, page: int) -> tuple[Page[FeeRecord], Decimal]:
    found = FeeRecord.objects.filter(agency=agency)
    if year is not None:
        found = found.filter(collected_on__year=year)
    # SQLite sums to Decimal("200"), PostgreSQL to Decimal("200.00"): shown as 元 and 分 alike.
    total = (found.aggregate(total=Sum("amount"))["total"] or Decimal(0)).quantize(CENTS)
    found = found.only("item", "basis", "amount", "collected_on")
    return Paginator(found.order_by("-collected_on", "-pk"), PAGE_SIZE).get_page(page), total


def years(agency: Agency, register: str) -> list[int]:
    dates: QuerySet[Any, dt.date]
    if register == FEES:
        dates = FeeRecord.objects.filter(agency=agency).dates("collected_on", "year", "DESC")
    else:
        dates = DecisionRecord.objects.filter(agency=agency, kind=register).dates(
            "decided_on", "year", "DESC"
        )
    return [day.year for day in dates]
