"""Section 六's fee figure from the cases provider: the fees paid in the year, each listed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from gongkai.workdays import Calendar
from gongkai_web.annual_reports.providers import cases as provider
from gongkai_web.cases import services as cases
from gongkai_web.cases.models import Application, CaseSettings

pytestmark = pytest.mark.django_db
D = dt.date
CALENDAR = Calendar.shipped()


@pytest.fixture(autouse=True)
def payment_configured(cast) -> None:  # type: ignore[no-untyped-def]
    # A fee notice says how to pay, which only the agency's settings can say.
    for name, prefix in (("新华区教育局", "新教公"), ("新华区财政局", "新财公")):
        CaseSettings.objects.create(
            agency=cast.agency(name), letter_prefix=prefix, fee_payment="到非税收入收缴窗口缴纳"
        )


def at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime(day.year, day.month, day.day, 18, 0))


def charged(apply, actors, cast, received, pages, paid=None, agency="新华区教育局"):  # type: ignore[no-untyped-def]
    """An application with a 按量 fee notice the day after receipt, paid on ``paid``."""
    clerk = actors["clerk"] if agency == "新华区教育局" else actors["other_clerk"]
    application = apply(received, agency=agency)
    cases.assign(
        actor=clerk,
        application=application,
        unit=cast.agency(agency),
        handler=None,
        on=received,
        today=received,
    )
    cases.sign_for(actor=clerk, application=application, on=received, today=received)
    noticed = received + dt.timedelta(days=1)
    cases.fee_notice(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        on=noticed,
        today=noticed,
        method="per_page",
        pages=pages,
        calendar=CALENDAR,
    )
    if paid is not None:
        cases.fee_paid(
            actor=clerk,
            application=Application.objects.get(pk=application.pk),
            on=paid,
            today=paid,
            receipt=f"非税收入票据{application.pk:04d}",
        )
    return Application.objects.get(pk=application.pk)


def fee_fact(agency, year: int, as_of: dt.datetime):  # type: ignore[no-untyped-def]
    (fact,) = [f for f in provider.facts(agency, year, as_of) if f.key == "cases.fee_yuan"]
    return fact


def test_it_totals_the_fees_paid_in_the_year_with_each_application_listed(
    apply, actors, cast
) -> None:
    march = charged(apply, actors, cast, D(2025, 3, 3), 40, paid=D(2025, 3, 10))  # 100
    june = charged(apply, actors, cast, D(2025, 6, 2), 250, paid=D(2025, 6, 10))  # 4,700
    january = charged(apply, actors, cast, D(2025, 12, 15), 40, paid=D(2026, 1, 5))
    charged(apply, actors, cast, D(2025, 3, 3), 40)  # noticed, never paid
    charged(apply, actors, cast, D(2025, 3, 3), 40, paid=D(2025, 3, 10), agency="新华区财政局")
    bureau = cast.agency("新华区教育局")

    fact = fee_fact(bureau, 2025, at(D(2026, 1, 20)))
    assert (fact.unit, fact.figure.value) == ("元", 4800)
    assert [ref.pk for ref in fact.figure.refs] == [march.pk, june.pk]
    assert fee_fact(bureau, 2026, at(D(2026, 1, 20))).figure.value == 100
    assert [r.pk for r in fee_fact(bureau, 2026, at(D(2026, 1, 20))).figure.refs] == [january.pk]


def test_it_leaves_out_fees_paid_after_the_moment_the_figures_are_taken(
    apply, actors, cast
) -> None:
    charged(apply, actors, cast, D(2025, 3, 3), 40, paid=D(2025, 3, 10))
    charged(apply, actors, cast, D(2025, 6, 2), 250, paid=D(2025, 6, 10))
    fact = fee_fact(cast.agency("新华区教育局"), 2025, at(D(2025, 6, 5)))
    assert fact.figure.value == 100
