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
        no_interpretation_reason="内部管理制度调整，无需解读",
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


def _normative(make_published, **fields):
    return make_published(
        on=dt.date(2023, 3, 2),
        formed_on=dt.date(2023, 3, 1),
        doc_kind="normative",
        no_interpretation_reason="内部管理制度调整，无需解读",
        issued_on=dt.date(2023, 3, 1),
        **fields,
    )


def _counts(agency, year):
    t = table2_for(agency, year).normative_documents
    return (t.issued, t.repealed, t.in_force)


def test_it_counts_an_expired_document_as_ceased_in_its_year_and_no_longer_in_force(
    desk, make_published
):
    doc = _normative(make_published, title="新华区校外培训管理暂行办法")
    services.repeal(
        actor=desk.actor("jiaoyu_clerk"), entry=doc, on=dt.date(2024, 8, 31), validity="expired"
    )

    assert _counts(desk.agency, 2023) == (1, 0, 1)
    assert _counts(desk.agency, 2024) == (0, 1, 0)
    assert _counts(desk.agency, 2025) == (0, 0, 0)


def test_it_keeps_in_force_this_year_as_last_year_plus_issued_less_ceased(desk, make_published):
    kept = _normative(make_published, title="甲办法")
    expired = _normative(make_published, title="乙办法")
    repealed = _normative(make_published, title="丙办法")
    services.repeal(actor=desk.actor("jiaoyu_clerk"), entry=expired, on=dt.date(2024, 6, 1),
                    validity="expired")  # fmt: skip
    services.repeal(actor=desk.actor("jiaoyu_clerk"), entry=repealed, on=dt.date(2024, 7, 1))
    assert kept.validity == "valid"

    last, this = _counts(desk.agency, 2023), _counts(desk.agency, 2024)
    assert this[2] == last[2] + this[0] - this[1] == 1


def test_it_still_counts_a_withdrawn_document_in_the_years_it_was_in_force(desk, make_published):
    doc = _normative(make_published, title="新华区学校食堂管理办法")
    services.withdraw(actor=desk.actor("jiaoyu_clerk"), entry=doc, reason="附件有误，重新发布")

    assert _counts(desk.agency, 2023) == (1, 0, 1)
