"""The demo applications: idempotent, consistent tables, none for 新华区教育局 in 2024."""

from __future__ import annotations

import pytest

from gongkai.report import check
from gongkai.report.model import Report
from gongkai_web.cases import demo, selectors
from gongkai_web.cases.models import Application

pytestmark = pytest.mark.django_db


def test_it_loads_once_and_leaves_the_bureau_without_2024_applications(cast) -> None:
    assert demo.load()
    count = Application.objects.count()
    assert demo.load() == []
    assert Application.objects.count() == count
    bureau = cast.agency("新华区教育局")
    assert sum(selectors.table3(bureau, 2024)["total"]) == 0
    assert not Application.objects.filter(agency=bureau, received_on__year=2024).exists()
    finance = cast.agency("新华区财政局")
    table = selectors.table3(finance, 2024)
    assert table["new"][6] == 5 and table["carry_next"][6] == 1
    assert check(Report(agency=finance.name, year=2024, table3=table)) == []
    health = cast.agency("新华区卫生健康委员会")
    assert selectors.table4(health, 2024)[:5] == (1, 0, 0, 0, 1)
