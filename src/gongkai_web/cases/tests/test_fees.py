"""信息处理费 (109号): 按件 counted from the records, one notice per application, in time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai_web.audit.models import AuditEntry
from gongkai_web.cases import selectors, services
from gongkai_web.cases.models import Application

from .conftest import CALENDAR

pytestmark = pytest.mark.django_db
D = dt.date
OTHER_PERSON = "440301199002020028"


def fresh(application: Application) -> Application:
    return Application.objects.get(pk=application.pk)


def in_progress(application, actors, cast, on: dt.date) -> Application:  # type: ignore[no-untyped-def]
    clerk = actors["clerk"]
    services.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=None,
        on=on,
        today=on,
    )
    services.sign_for(actor=clerk, application=fresh(application), on=on, today=on)
    return fresh(application)


@pytest.fixture
def eleventh(submit):  # type: ignore[no-untyped-def]
    """张三's 11th application to the bureau in March 2025, among others that do not count."""
    counted = [submit(D(2025, 3, 3)) for _ in range(5)]
    counted += [submit(D(2025, 3, 4), id_number="11010519491231002x") for _ in range(5)]
    submit(D(2025, 2, 28))  # last month
    submit(D(2025, 3, 4), id_number=OTHER_PERSON, name="李四")  # someone else
    submit(D(2025, 3, 4), agency="新华区财政局")  # another agency's count
    target = submit(D(2025, 3, 10))
    submit(D(2025, 3, 11))  # received after this one: it does not raise this one's rank
    return target, [*counted, target]


def test_it_counts_the_applicants_applications_in_the_natural_month(eleventh) -> None:
    target, counted = eleventh
    found = selectors.month_applications(target)
    assert [a.pk for a in found] == [a.pk for a in counted]


def test_it_charges_per_application_by_the_counted_rank(eleventh, actors, cast) -> None:
    target, counted = eleventh
    application = in_progress(target, actors, cast, D(2025, 3, 11))
    services.fee_notice(
        actor=actors["clerk"],
        application=application,
        on=D(2025, 3, 12),
        today=D(2025, 3, 12),
        method="per_application",
        calendar=CALENDAR,
    )
    application = fresh(application)
    assert (application.fee_method, application.fee_quantity) == ("per_application", 11)
    assert application.fee_amount == 100  # the 11th is the first in the 100-yuan band
    assert application.letters.filter(kind="fee").count() == 1
    row = AuditEntry.objects.get(action="case.fee_notice", object_id=str(application.pk))
    assert row.changes["counted"] == [a.tracking_number for a in counted]


def test_it_shows_the_rank_and_its_applications_and_charges_from_the_page(
    eleventh, actors, cast, login_as, frozen_clock
) -> None:
    target, counted = eleventh
    application = in_progress(target, actors, cast, D(2025, 3, 11))
    frozen_clock.set(D(2025, 3, 12))
    client = login_as("jiaoyu_clerk")
    url = reverse("cases:detail", args=[application.pk])
    page = client.get(url).content.decode()
    assert "2025年3月向本机关提出的第 11 件申请" in page
    assert "按件应收 100 元" in page
    for other in counted:
        assert other.tracking_number in page
    assert "本月第几件" not in page and 'name="quantity"' not in page

    act = reverse("cases:act", args=[application.pk, "fee_notice"])
    response = client.post(act, {"method": "per_application", "on": "2025-03-12"}, follow=True)
    assert response.status_code == 200
    application = fresh(application)
    assert (application.fee_quantity, application.fee_amount) == (11, 100)

    again = client.post(act, {"method": "per_page", "pages": "50", "on": "2025-03-12"}, follow=True)
    assert "不得既按件又按量收费" in again.content.decode()
    assert fresh(application).fee_method == "per_application"
    assert AuditEntry.objects.filter(action="case.fee_notice").count() == 1


def test_it_refuses_a_per_application_notice_inside_the_free_band(submit, actors, cast) -> None:
    application = in_progress(submit(), actors, cast, D(2025, 3, 3))
    with pytest.raises(services.CaseError, match="第 1 件申请，在免费档内"):
        services.fee_notice(
            actor=actors["clerk"],
            application=application,
            on=D(2025, 3, 4),
            today=D(2025, 3, 4),
            method="per_application",
            calendar=CALENDAR,
        )


def test_it_refuses_a_second_notice_and_mixing_the_two_methods(submit, actors, cast) -> None:
    application = in_progress(submit(), actors, cast, D(2025, 3, 3))
    notice = {
        "actor": actors["clerk"],
        "on": D(2025, 3, 4),
        "today": D(2025, 3, 4),
        "calendar": CALENDAR,
    }
    with pytest.raises(services.CaseError, match="二者不得同时适用"):
        services.fee_notice(application=application, method="per_application", pages=40, **notice)
    services.fee_notice(application=application, method="per_page", pages=40, **notice)
    for method, pages in (("per_page", 250), ("per_application", None)):
        with pytest.raises(services.CaseError, match="不得既按件又按量收费"):
            services.fee_notice(
                application=fresh(application), method=method, pages=pages, **notice
            )
    application = fresh(application)
    assert (application.fee_method, application.fee_amount) == ("per_page", 100)
    assert application.letters.filter(kind="fee").count() == 1


def test_it_refuses_a_fee_notice_after_the_reply_due_date(submit, actors, cast) -> None:
    application = in_progress(submit(), actors, cast, D(2025, 3, 3))
    with pytest.raises(services.CaseError, match=r"答复期限（2025-03-31）内发出"):
        services.fee_notice(
            actor=actors["clerk"],
            application=application,
            on=D(2025, 4, 1),
            today=D(2025, 4, 1),
            method="per_page",
            pages=250,
            calendar=CALENDAR,
        )
    assert fresh(application).fee_notice_received_on is None


def test_it_cannot_count_an_applicant_whose_id_number_is_masked(submit, actors, cast) -> None:
    application = in_progress(submit(), actors, cast, D(2025, 3, 3))
    application.id_number = "110105********002X"  # as an imported ledger may have it
    application.save()
    assert fresh(application).applicant_key == ""
    assert selectors.month_applications(fresh(application)) == []
    with pytest.raises(services.CaseError, match="证件号码不完整"):
        services.fee_notice(
            actor=actors["clerk"],
            application=fresh(application),
            on=D(2025, 3, 4),
            today=D(2025, 3, 4),
            method="per_application",
            calendar=CALENDAR,
        )
