from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from gongkai_web import demo
from gongkai_web.annual_reports.models import AnnualReport, ReportStatus

pytestmark = pytest.mark.django_db


def run(*args: str) -> str:
    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def test_it_loads_the_seed_report_as_published():
    output = run("load_demo")

    stored = AnnualReport.objects.get(agency_name="新华区教育局")
    assert stored.year == 2024
    assert stored.status == ReportStatus.PUBLISHED
    assert "新华区教育局 2024 年度报告" in output


def test_it_loads_the_demo_twice_without_duplicating_anything():
    run("load_demo")
    first = AnnualReport.objects.count()
    run("load_demo")

    assert AnnualReport.objects.count() == first


def test_it_prints_the_address_and_the_logins_every_loader_declares(monkeypatch):
    clerk = demo.DemoLogin("clerk", "演示密码123", "登记员", "新华区教育局")
    fake = SimpleNamespace(load=lambda: ["x"], logins=lambda: [clerk])
    monkeypatch.setattr(demo, "modules", lambda: iter([fake]))

    output = run("demo_banner", "--address", "http://127.0.0.1:9000/")

    assert "http://127.0.0.1:9000/" in output
    assert "http://127.0.0.1:9000/reports/" in output
    assert "clerk / 演示密码123 / 登记员 / 新华区教育局" in output


def test_it_rolls_back_every_loader_when_one_fails(monkeypatch):
    def broken() -> list[str]:
        raise RuntimeError("loader failed")

    real = list(demo.modules())
    monkeypatch.setattr(demo, "modules", lambda: iter([*real, SimpleNamespace(load=broken)]))

    with pytest.raises(RuntimeError):
        run("load_demo")
    assert AnnualReport.objects.count() == 0
