"""12345 工单 that are disclosure requests, imported from the hotline platform's XLSX or CSV
export: every row checked first (the ticket, both dates, the applicant as any application's),
each error named by row and column, nothing filed unless every row is right. Each ticket
becomes an application of the channel 来自12345, received on the day the hotline handed it
over, through the same service as one registered by hand."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction

from gongkai.cases.hotline import Ticket, check_header, read_tickets
from gongkai.publishing.registers import RowError
from gongkai.workdays import Calendar, UnknownYearError
from gongkai_web.audit import services as audit
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, Channel, HotlineTicket
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.imports import read_table


class HotlineImportError(Exception):
    def __init__(self, errors: list[RowError]) -> None:
        self.errors = errors
        self.message = f"工单文件有 {len(errors)} 处错误，未导入任何工单；请改正后重新导入"
        super().__init__(self.message)


def _applicant(ticket: Ticket) -> services.ApplicantData:
    # The hotline records a caller, not a form: the letters go by post where an address was
    # given, by e-mail where only that was, and are collected otherwise.
    if ticket.address:
        form, delivery = "paper", "post"
    elif ticket.email:
        form, delivery = "email", "email"
    else:
        form, delivery = "paper", "collect"
    return services.ApplicantData(
        column="natural_person", name=ticket.name, id_type=ticket.id_type,
        id_number=ticket.id_number, phone=ticket.phone, description=ticket.description,
        provision_form=form, delivery=delivery, address=ticket.address, email=ticket.email,
    )  # fmt: skip


def check(
    *, agency: Agency, name: str, data: bytes, today: dt.date, calendar: Calendar
) -> list[tuple[Ticket, services.ApplicantData]]:
    try:
        rows = read_table(name, data, check_header)
    except ValidationError as error:
        raise HotlineImportError([RowError(1, "", m) for m in error.messages]) from None
    known = frozenset(HotlineTicket.objects.filter(agency=agency).values_list("number", flat=True))
    tickets, errors = read_tickets(rows, today=today, known_numbers=known)
    checked = []
    for ticket in tickets:
        try:
            calendar.require(ticket.handed_over_on.year)
            applicant = services.clean_applicant(_applicant(ticket))
        except services.CaseError as error:
            errors.append(RowError(ticket.row, "诉求人", error.message))
        except UnknownYearError as error:
            errors.append(RowError(ticket.row, "转交日期", error.message))
        else:
            checked.append((ticket, applicant))
    if errors:
        raise HotlineImportError(sorted(errors, key=lambda e: e.row))
    return checked


@transaction.atomic
def import_tickets(
    *,
    actor: audit.Actor,
    agency: Agency,
    name: str,
    data: bytes,
    today: dt.date,
    calendar: Calendar,
) -> list[Application]:
    filed = []
    for ticket, applicant in check(
        agency=agency, name=name, data=data, today=today, calendar=calendar
    ):
        try:
            filed.append(
                services.receive(
                    actor=actor,
                    agency=agency,
                    applicant=applicant,
                    channel=Channel.HOTLINE,
                    received_on=ticket.handed_over_on,
                    today=today,
                    calendar=calendar,
                    hotline=services.Hotline(number=ticket.number, called_on=ticket.called_on),
                )
            )
        except services.NotPermitted:
            raise
        except services.CaseError as error:
            # Checked above; anything the service still refuses undoes the whole file.
            raise HotlineImportError([RowError(ticket.row, "", error.message)]) from None
    return filed
