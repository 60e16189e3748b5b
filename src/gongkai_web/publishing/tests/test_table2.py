import datetime as dt
from decimal import Decimal

from gongkai_web.publishing import services
from gongkai_web.publishing.demo import LICENSES
from gongkai_web.publishing.models import DecisionKind
from gongkai_web.publishing.selectors import table2_for


def test_it_counts_normative_documents_and_moves_a_repealed_one_in_the_next_year(
    desk, make_published
):
    doc = make_published(
        on=dt.date(2024, 4, 2),
        formed_on=dt.date(2024, 4, 1),
        doc_kind="normative",
        issued_on=dt.date(2024, 4, 1),
        title="新华区中小学学籍管理办法",
    )
    make_published(on=dt.date(2024, 5, 2), formed_on=dt.date(2024, 5, 1), title="一般通知")

    t2024 = table2_for(desk.agency, 2024)
    assert (
        t2024.normative_documents.issued,
        t2024.normative_documents.repealed,
        t2024.normative_documents.in_force,
    ) == (1, 0, 1)

    services.repeal(actor=desk.actor("jiaoyu_clerk"), entry=doc, on=dt.date(2025, 6, 30))

    t2024 = table2_for(desk.agency, 2024)
    t2025 = table2_for(desk.agency, 2025)
    assert t2024.normative_documents.in_force == 1
    assert (
        t2025.normative_documents.issued,
        t2025.normative_documents.repealed,
        t2025.normative_documents.in_force,
    ) == (0, 1, 0)


def test_it_counts_the_registers_into_table2(desk):
    services.add_decisions(
        actor=desk.actor("jiaoyu_clerk"),
        agency=desk.agency,
        kind=DecisionKind.LICENSING,
        rows=list(LICENSES),
    )
    for amount in ("12000.00", "10500.00", "8500.00"):
        services.add_fee(
            actor=desk.actor("jiaoyu_clerk"),
            agency=desk.agency,
            item="考试费",
            basis="文件",
            amount=amount,
            collected_on=dt.date(2024, 5, 1),
        )
    services.add_fee(
        actor=desk.actor("jiaoyu_clerk"),
        agency=desk.agency,
        item="考试费",
        basis="文件",
        amount="99",
        collected_on=dt.date(2023, 5, 1),
    )

    t2 = table2_for(desk.agency, 2024)

    assert (t2.licensing, t2.penalty, t2.coercion, t2.fees) == (16, 0, 0, Decimal("3.1"))
    assert table2_for(desk.agency, 2023).licensing == 0


def test_it_matches_the_seed_report_with_the_demo_data(cast):
    from django.core.management import call_command

    from gongkai_web.annual_reports.models import AnnualReport
    from gongkai_web.annual_reports.selectors import as_report

    call_command("load_demo", verbosity=0)
    seed = as_report(AnnualReport.objects.get(agency_name="新华区教育局", year=2024))

    assert table2_for(cast.agency("新华区教育局"), 2024) == seed.table2
