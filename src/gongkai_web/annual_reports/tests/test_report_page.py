import re
from decimal import Decimal

import pytest
from django.urls import reverse

from gongkai.report import format2021 as f
from gongkai.report.render import format_cell, paragraphs
from gongkai_web.annual_reports import services
from gongkai_web.annual_reports.tests.conftest import BUREAU, compile_report

pytestmark = pytest.mark.django_db


def every_cell(report):
    t2 = report.table2
    for key, _ in f.T2_DOC_ROWS:
        for leaf in f.T2_DOC_KEYS:
            yield f"table2.{key}.{leaf}", getattr(getattr(t2, key), leaf)
    for key in ("licensing", "penalty", "coercion", "fees"):
        yield f"table2.{key}", getattr(t2, key)
    for key in f.T3_ROW_KEYS:
        for i, cell in enumerate(report.table3[key]):
            yield f"table3.{key}[{i}]", cell
    for i, cell in enumerate(report.table4):
        yield f"table4[{i}]", cell


def imported(cast, actors, report):
    """``report`` as a report published elsewhere, imported from its file."""
    return services.store_imported(actor=actors["clerk"], agency=cast.agency(BUREAU),
                                   year=report.year, report=report, name="report.html")  # fmt: skip


def page_of(client, stored):
    response = client.get(reverse("annual_reports:detail", args=[stored.pk]))
    assert response.status_code == 200
    return response.content.decode()


def test_it_lists_the_stored_reports(client, stored_seed):
    page = client.get(reverse("annual_reports:index")).content.decode()

    assert "新华区教育局2024年政府信息公开工作年度报告" in page
    assert reverse("annual_reports:detail", args=[stored_seed.pk]) in page


def test_it_shows_every_cell_of_the_three_tables(client, stored_seed, seed_report):
    page = page_of(client, stored_seed)

    cells = list(every_cell(seed_report))
    assert len(cells) == 10 + 25 * 7 + 15
    for where, value in cells:
        cell = rf'data-cell="{re.escape(where)}"( colspan="3")?>{format_cell(value)}</td>'
        assert re.search(cell, page), where
    assert 'data-cell="table2.fees" colspan="3">3.1</td>' in page


def test_it_shows_every_official_label(client, stored_seed):
    page = page_of(client, stored_seed)

    labels = [
        *f.SECTION_HEADINGS,
        *f.T2_DOC_COLUMNS,
        f.T2_FEE_COLUMN,
        f.T3_NOTE,
        *f.T3_COLUMNS,
        *(label for _, label in f.T3_ROW_LABELS.items()),
        *(group for group, _ in f.T3_OUTCOME_GROUPS),
        *f.T4_GROUPS,
        *f.T4_RESULTS,
    ]
    for label in labels:
        assert label in page, label


def test_it_shows_the_merged_header_cells_as_published_reports_do(client, stored_seed):
    page = page_of(client, stored_seed)

    assert f'rowspan="3" colspan="3">{f.T3_NOTE}</th>' in page
    assert f'colspan="7">{f.T3_APPLICANTS}</th>' in page
    assert f'rowspan="22">{f.T3_OUTCOMES_HEADING}</th>' in page
    assert 'rowspan="8">（三）不予公开</th>' in page
    assert f'colspan="10">{f.T4_LITIGATION}</th>' in page


def test_it_shows_the_narrative_paragraph_by_paragraph(client, stored_seed, seed_report):
    page = page_of(client, stored_seed)

    s = seed_report.sections
    texts = [s.preamble, s.problems, s.other] + [getattr(s.overview, k) for k in f.OVERVIEW_KEYS]
    found = [p for text in texts for p in paragraphs(text)]
    assert len(found) > 10
    for p in found:
        assert f"<p>{p}</p>" in page.replace("&quot;", '"').replace("&#x27;", "'"), p


def test_it_finds_no_error_in_the_seed(client, stored_seed):
    page = page_of(client, stored_seed)

    # The seed does not state its statistics window (R9): a warning, no error.
    assert "没有错误" in page
    assert "T3-" not in page and "T4-" not in page
    assert 'class="flagged"' not in page


def test_it_names_a_broken_total_and_marks_the_cells_it_compared(
    cast, actors, login_as, seed_report
):
    # The compiler's preview of a draft whose total no longer adds up.
    broken = compile_report(actors, cast.agency(BUREAU), seed_report.with_cell("table3.new[0]", 5))

    page = page_of(login_as("jiaoyu_clerk"), broken)

    assert "全部规则通过" not in page
    assert "T3-ROW-TOTAL" in page
    assert "table3.new[6]" in page
    assert re.search(r'data-cell="table3\.new\[0\]" class="flagged">5</td>', page)


def test_it_checks_the_carry_over_against_last_years_report(
    client, cast, actors, stored_seed, seed_report
):
    from dataclasses import replace

    # Last year's report, imported after this year's was published, disagrees with it.
    last_year = replace(seed_report, year=2023).with_cell("table3.carry_next[0]", 2)
    last_year = last_year.with_cell("table3.carry_next[6]", 2)
    imported(cast, actors, last_year)

    page = page_of(client, stored_seed)

    assert "T3-CARRY" in page


def test_it_answers_404_for_an_unknown_report(client):
    assert client.get(reverse("annual_reports:detail", args=[999])).status_code == 404


def test_it_keeps_decimal_fees_exact_through_the_database(stored_seed):
    from gongkai_web.annual_reports import selectors
    from gongkai_web.annual_reports.models import AnnualReport

    fresh = AnnualReport.objects.get(pk=stored_seed.pk)

    assert selectors.as_report(fresh).table2.fees == Decimal("3.1")


def test_it_puts_each_figure_in_its_own_cell(client, cast, actors, seed_report):
    # Every cell a different number, so that a figure shown in the wrong place is caught.
    numbered = seed_report
    paths = [where for where, _ in every_cell(seed_report)]
    for n, where in enumerate(paths, start=1):
        numbered = numbered.with_cell(where, 1000 + n)
    stored = imported(cast, actors, numbered)

    page = page_of(client, stored)

    for n, where in enumerate(paths, start=1):
        cell = rf'data-cell="{re.escape(where)}"( colspan="3")?( class="flagged")?>{1000 + n}</td>'
        assert re.search(cell, page), where
