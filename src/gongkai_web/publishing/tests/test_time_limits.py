"""Each 目录分类 has its publication time limit: Art. 26's 20 working days unless a rule (the
基层政务公开标准目录, a sector rule) sets another; entries are measured against their category's."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai_web.publishing import services


def test_it_measures_an_entry_against_its_categorys_limit(desk, make_published):
    services.set_time_limit(
        actor=desk.actor("jiaoyu_reviewer"), category=desk.category, days=3, unit="working",
        basis="基层政务公开标准目录（义务教育）",
    )  # fmt: skip
    desk.category.refresh_from_db()
    # Formed on Monday 2024-06-03: the third working day after is Thursday 06-06.
    on_time = make_published(on=dt.date(2024, 6, 6), formed_on=dt.date(2024, 6, 3))
    late = make_published(on=dt.date(2024, 6, 7), formed_on=dt.date(2024, 6, 3), title="迟了")
    assert not on_time.late
    assert late.late
    assert "超过本类信息的公开时限（3个工作日，基层政务公开标准目录（义务教育））" in late.late_note
    assert "应于2024年6月6日前公开" in late.late_note


def test_the_default_is_article_26_and_another_limit_needs_its_basis(desk):
    assert desk.category.time_limit.describe() == "20个工作日"
    with pytest.raises(ValidationError, match="须写明依据"):
        services.set_time_limit(
            actor=desk.actor("jiaoyu_reviewer"), category=desk.category, days=5, unit="calendar"
        )
    with pytest.raises(ValidationError, match="1 至 365"):
        services.set_time_limit(
            actor=desk.actor("jiaoyu_reviewer"), category=desk.category, days=0, unit="working",
            basis="x",
        )  # fmt: skip


def test_a_draft_shows_its_due_date_and_when_it_is_late(desk, login_as):
    services.set_time_limit(
        actor=desk.actor("jiaoyu_reviewer"), category=desk.category, days=1, unit="realtime",
        basis="实时公开事项",
    )  # fmt: skip
    desk.category.refresh_from_db()
    entry = desk.draft(formed_on=dt.date.today() - dt.timedelta(days=2))
    page = login_as("jiaoyu_clerk").get(f"/publishing/{entry.pk}/").content.decode()
    assert "公开时限：实时公开（形成或变更当日）" in page and "（已超期）" in page


def test_the_settings_page_saves_a_categorys_limit(desk, login_as):
    client = login_as("jiaoyu_reviewer")
    response = client.post(
        f"/publishing/settings/categories/{desk.category.pk}/time-limit/",
        {"limit_days": "10", "limit_unit": "working", "limit_basis": "本机关公开工作制度"},
    )
    assert response.status_code == 302
    desk.category.refresh_from_db()
    assert desk.category.time_limit.describe() == "10个工作日"
    page = client.get(response["Location"]).content.decode()
    assert "公开时限已保存" in page
