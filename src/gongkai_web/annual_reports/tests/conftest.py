import pytest

from gongkai.report import canonical
from gongkai_web.annual_reports import demo, services


@pytest.fixture
def seed_report():
    return canonical.loads(demo.seed_report_bytes())


@pytest.fixture
def stored_seed(db, seed_report):
    return services.save_report(seed_report)
