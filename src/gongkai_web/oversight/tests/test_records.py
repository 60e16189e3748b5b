"""The leading group by dates, rules by versions, training records, commendations, documents."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from docx import Document
from openpyxl import load_workbook

from gongkai.scoring.score import Period
from gongkai_web.audit.models import AuditEntry
from gongkai_web.oversight import selectors, services
from gongkai_web.oversight.models import Governed, GroupRole, Organiser
from gongkai_web.oversight.tests.conftest import CALENDAR

pytestmark = pytest.mark.django_db


def test_it_states_who_held_which_seat_on_any_day(leader, bureau):
    old = services.appoint(
        actor=leader,
        agency=bureau,
        role=GroupRole.LEADER,
        name="赵领导",
        position="副局长",
        effective_from=dt.date(2021, 3, 1),
    )
    with pytest.raises(ValidationError, match="已有组长"):
        services.appoint(
            actor=leader,
            agency=bureau,
            role=GroupRole.LEADER,
            name="钱局长",
            position="局长",
            effective_from=dt.date(2024, 3, 1),
        )
    services.appoint(
        actor=leader,
        agency=bureau,
        role=GroupRole.LEADER,
        name="钱局长",
        position="局长",
        effective_from=dt.date(2024, 3, 1),
        replaces=old,
    )
    assert [s.name for s in selectors.group_on(bureau, dt.date(2024, 2, 29))] == ["赵领导"]
    assert [s.name for s in selectors.group_on(bureau, dt.date(2024, 3, 1))] == ["钱局长"]
    assert [s.name for s in selectors.group_changes(bureau, 2024)] == ["赵领导", "钱局长"]
    old.refresh_from_db()
    assert old.effective_to == dt.date(2024, 2, 29)


def test_it_keeps_one_duty_line_per_section_at_a_time(leader, bureau):
    services.assign_duty(
        actor=leader,
        agency=bureau,
        section="电教馆",
        tasks="牵头",
        person="王登记",
        lead=True,
        effective_from=dt.date(2024, 1, 1),
    )
    services.assign_duty(
        actor=leader,
        agency=bureau,
        section="电教馆",
        tasks="牵头",
        person="孙馆长",
        lead=True,
        effective_from=dt.date(2024, 7, 1),
    )
    assert [d.person for d in selectors.duties_on(bureau, dt.date(2024, 6, 30))] == ["王登记"]
    assert [d.person for d in selectors.duties_on(bureau, dt.date(2024, 7, 1))] == ["孙馆长"]


def test_it_versions_a_rule_and_links_it_to_the_records_it_governs(login_as, leader, bureau):
    first = services.issue_rule(
        actor=leader,
        agency=bureau,
        title="《教体系统新媒体发布“三审三校”制度》",
        issued_on=dt.date(2023, 2, 1),
        effective_from=dt.date(2023, 3, 1),
        governs=[Governed.MEDIA_REVIEW, Governed.PUBLISHING_REVIEW],
    )
    second = services.issue_rule(
        actor=leader,
        agency=bureau,
        title="教体系统新媒体发布“三审三校”制度",
        issued_on=dt.date(2024, 2, 1),
        effective_from=dt.date(2024, 3, 1),
        governs=[Governed.MEDIA_REVIEW, Governed.PUBLISHING_REVIEW],
    )
    first.refresh_from_db()
    assert (first.version, second.version) == (1, 2)
    assert first.effective_to == dt.date(2024, 2, 29)
    assert list(selectors.rules_in_force(bureau, dt.date(2024, 3, 1))) == [second]
    page = login_as("jiaoyu_clerk").get(f"/oversight/rules/{second.pk}/?year=2024")
    text = page.content.decode()
    assert "政务新媒体三审三校记录" in text and "主动公开审核记录" in text


def test_it_keeps_each_persons_training_record_and_the_years_counts(cast, leader, bureau, login_as):
    clerk, reviewer = cast.user("jiaoyu_clerk"), cast.user("jiaoyu_reviewer")
    services.record_training(
        actor=leader,
        agency=bureau,
        held_on=dt.date(2024, 4, 18),
        topic="条例解读",
        organiser_kind=Organiser.INTERNAL,
        organiser="",
        hours="3",
        attendees=[clerk, reviewer],
    )
    services.record_training(
        actor=leader,
        agency=bureau,
        held_on=dt.date(2024, 9, 12),
        topic="全区政务公开培训会",
        organiser_kind=Organiser.DISTRICT,
        organiser="新华区政务公开办",
        hours="1.5",
        attendees=[clerk],
    )
    record = selectors.training_record(clerk, 2024)
    assert [s.topic for s in record.sessions] == ["条例解读", "全区政务公开培训会"]
    assert record.hours == Decimal("4.5")
    assert [s.topic for s in selectors.training_record(reviewer).sessions] == ["条例解读"]
    counts = selectors.training_counts(bureau, 2024)
    assert (counts.sessions, counts.internal, counts.external) == (2, 1, 1)
    assert (counts.attendances, counts.people) == (3, 2)
    text = login_as("jiaoyu_reviewer").get(f"/oversight/people/{clerk.pk}/?year=2024")
    assert "全区政务公开培训会" in text.content.decode()
    trained = selectors.people_trained(bureau, 2024)
    assert [(t["user__first_name"], t["n"], t["hours"]) for t in trained] == [
        ("王登记", 2, Decimal("4.5")),
        ("李审核", 1, Decimal("3")),
    ]
    listing = login_as("jiaoyu_reviewer").get(f"/oversight/training/?agency={bureau.pk}&year=2024")
    assert f"/oversight/people/{clerk.pk}/?year=2024" in listing.content.decode()
    with pytest.raises(ValidationError, match="学时“两小时”不是数字"):
        services.record_training(
            actor=leader,
            agency=bureau,
            held_on=dt.date(2024, 9, 12),
            topic="x",
            organiser_kind=Organiser.CITY,
            organiser="",
            hours="两小时",
        )


def test_it_records_training_from_the_form(cast, login_as, bureau):
    client = login_as("jiaoyu_clerk")
    response = client.post(
        f"/oversight/training/?agency={bureau.pk}",
        {
            "held_on": "2024-05-08",
            "topic": "主动公开目录维护",
            "organiser_kind": "internal",
            "hours": "2",
            "attendees": [cast.user("jiaoyu_clerk").pk],
        },
        follow=True,
    )
    assert "已登记培训“主动公开目录维护”" in response.content.decode()
    assert AuditEntry.objects.filter(action="oversight.training.record").count() == 1


def test_it_writes_the_score_table_and_commendation_list(
    login_as, cast, leader, bureau, standard, post
):
    post(dt.date(2024, 3, 5))
    made = services.run_scoring(
        actor=leader, agency=bureau, year=2024, period=Period.YEAR_END, calendar=CALENDAR
    )
    services.commend(
        actor=leader,
        agency=bureau,
        year=2024,
        title="政务公开工作先进个人",
        unit=bureau,
        person=cast.user("jiaoyu_clerk"),
        reason="全年无差错",
        announced_on=dt.date(2025, 2, 20),
        run=made,
    )
    client = login_as("jiaoyu_clerk")
    docx = client.get(f"/oversight/runs/{made.pk}/scores.docx")
    doc = Document(io.BytesIO(docx.content))
    assert doc.paragraphs[0].text == "新华区教育局2024年年终考核政务公开量化考核得分表"
    assert doc.tables[0].rows[1].cells[1].text == "新华区教育局"
    book = load_workbook(io.BytesIO(client.get(f"/oversight/runs/{made.pk}/scores.xlsx").content))
    assert book["个人得分"]["B3"].value == "王登记"
    query = f"?agency={bureau.pk}&year=2024"
    listing = Document(io.BytesIO(client.get(f"/oversight/commendations/list.docx{query}").content))
    assert listing.tables[0].rows[1].cells[2].text == "王登记"
    sheet = load_workbook(
        io.BytesIO(client.get(f"/oversight/commendations/list.xlsx{query}").content)
    )
    assert sheet["表彰名单"]["B3"].value == "政务公开工作先进个人"


def test_it_keeps_training_materials_as_stored_files_readable_by_the_agency_only(
    cast, login_as, bureau
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from gongkai_web.oversight.models import TrainingSession

    client = login_as("jiaoyu_clerk")
    form = {
        "held_on": "2024-05-08",
        "topic": "主动公开目录维护",
        "organiser_kind": "internal",
        "hours": "2",
        "attendees": [cast.user("jiaoyu_clerk").pk],
    }
    refused = client.post(
        f"/oversight/training/?agency={bureau.pk}",
        {**form, "materials": [SimpleUploadedFile("讲义.exe", b"MZ")]},
        follow=True,
    )
    assert "文件“讲义.exe”的类型不受支持" in refused.content.decode()
    assert not TrainingSession.objects.exists()
    client.post(
        f"/oversight/training/?agency={bureau.pk}",
        {**form, "materials": [SimpleUploadedFile("讲义.pdf", b"%PDF-1.4 demo")]},
    )
    stored = TrainingSession.objects.get().materials.get()
    assert client.get(f"/oversight/files/{stored.pk}/").content == b"%PDF-1.4 demo"
    assert login_as("caizheng_clerk").get(f"/oversight/files/{stored.pk}/").status_code == 404
