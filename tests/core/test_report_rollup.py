from decimal import Decimal

from gongkai.report import rollup
from gongkai.report.model import Report


def test_it_adds_reports_cell_by_cell():
    a = (
        Report(agency="甲", year=2024)
        .with_cell("table3.new[0]", 2)
        .with_cell("table2.fees", Decimal("1.5"))
    )
    b = Report(agency="乙", year=2024).with_cell("table3.new[0]", 3).with_cell("table4[4]", 1)

    total = rollup.total("区人民政府", 2024, [a, b])

    assert total.agency == "区人民政府"
    assert total.table3["new"][0] == 5
    assert total.table2.fees == Decimal("1.5")
    assert total.table4[4] == 1


def test_it_makes_a_sum_unknown_when_a_part_is_unread():
    a = Report(agency="甲", year=2024).with_cell("table3.new[0]", None)
    b = Report(agency="乙", year=2024).with_cell("table3.new[0]", 3)

    assert rollup.total("区", 2024, [a, b]).table3["new"][0] is None


def test_it_names_the_cells_where_two_reports_differ():
    a = Report(agency="甲", year=2024).with_cell("table2.licensing", 16)
    b = Report(agency="甲", year=2024)

    assert rollup.differences(a, b) == [("table2.licensing", 16, 0)]
    assert len(list(rollup.cells(a))) == 10 + 7 * 25 + 15
