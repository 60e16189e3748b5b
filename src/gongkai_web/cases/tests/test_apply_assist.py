"""/apply/: what is already public is shown while the applicant types (htmx, or the button
without JavaScript), and a request filed anyway carries the match to the clerk with the
Art. 36(1) reply prepared, not chosen."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from gongkai_web.audit.services import Actor
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, PublishedMatch
from gongkai_web.publishing import services as publishing
from gongkai_web.publishing.models import DecisionRecord, Disclosure
from gongkai_web.publishing.tests.conftest import Desk

from .conftest import BUREAU, CALENDAR, person

pytestmark = pytest.mark.django_db
TITLE = "新华区教育局2025年部门预算公开说明"


@pytest.fixture
def desk(cast) -> Desk:  # type: ignore[no-untyped-def]
    agency = cast.agency(BUREAU)
    category = publishing.create_category(
        actor=Actor(user=None, role="system"), agency=agency, name="财政预决算"
    )
    return Desk(agency=agency, category=category, cast=cast)


def assist(client: Client, agency: int, description: str, number: str = "") -> str:
    response = client.post(
        "/apply/assist/",
        {"agency": agency, "description": description, "document_number": number},
    )
    assert response.status_code == 200
    return response.content.decode()


def test_it_shows_a_published_entry_as_the_applicant_types_its_title(cast, desk) -> None:
    entry = desk.publish(desk.draft(title=TITLE))
    html = assist(Client(), desk.agency.pk, f"申请公开《{TITLE}》，谢谢")
    assert "「该信息已主动公开」" in html
    assert f'href="/gk/entry/{entry.pk}/"' in html
    assert TITLE in html


def test_it_finds_an_entry_by_part_of_its_title_in_a_sentence(cast, desk) -> None:
    desk.publish(desk.draft(title=TITLE))
    html = assist(Client(), desk.agency.pk, "请提供2025年部门预算，用于了解学校经费")
    assert TITLE in html


def test_it_never_shows_what_is_not_proactively_public(cast, desk) -> None:
    desk.publish(
        desk.draft(
            title=TITLE, disclosure=Disclosure.ON_REQUEST, withheld_reason="《条例》第十五条"
        )
    )
    draft = desk.draft(title=TITLE + "（草稿）")
    html = assist(Client(), desk.agency.pk, TITLE)
    assert TITLE not in html
    assert draft.title not in html
    assert "没有找到相符的已公开信息" in html


def test_it_points_to_a_register_the_request_speaks_of(cast, desk) -> None:
    DecisionRecord.objects.create(
        agency=desk.agency, kind="penalty", number="新教罚〔2025〕3号", party="某培训学校",
        party_kind="organisation", decided_on=dt.date(2025, 2, 1), decision="罚款五千元",
        created_at=dt.datetime(2025, 2, 1, tzinfo=dt.UTC),
    )  # fmt: skip
    html = assist(Client(), desk.agency.pk, "某培训学校的处罚决定书", "新教罚〔2025〕3号")
    assert "行政处罚决定公示" in html
    assert f"/gk/agency/{desk.agency.pk}/registers/penalty/" in html
    assert "新教罚〔2025〕3号" in html


def test_it_looks_up_without_javascript_and_files_nothing(cast, desk) -> None:
    desk.publish(desk.draft(title=TITLE))
    before = Application.objects.count()
    response = Client().post(
        "/apply/",
        {"lookup": "1", "agency": desk.agency.pk, "description": TITLE, "name": "张三"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "「该信息已主动公开」" in html and TITLE in html
    assert 'value="张三"' in html  # what was typed stays in the form
    assert 'class="error"' not in html  # nothing was checked
    assert Application.objects.count() == before


def file(agency, description: str):  # type: ignore[no-untyped-def]
    today = dt.date.today()
    return services.receive(
        actor=Actor(None, "public", None, "127.0.0.1"),
        agency=agency,
        applicant=person(description=description),
        channel="online",
        received_on=today,
        today=today,
        calendar=CALENDAR,
    )


def test_it_records_the_match_on_a_request_filed_anyway_and_prepares_the_reply(
    cast, desk, login_as, django_capture_on_commit_callbacks
) -> None:
    entry = desk.publish(desk.draft(title=TITLE))
    today = dt.date.today()
    with django_capture_on_commit_callbacks(execute=True):
        application = file(desk.agency, f"申请公开{TITLE}")
    match = PublishedMatch.objects.get(application=application)
    assert (match.entry_id, match.title) == (entry.pk, TITLE)
    clerk = login_as("jiaoyu_clerk")
    services.assign(
        actor=Actor(cast.user("jiaoyu_clerk"), "clerk", desk.agency), application=application,
        unit=desk.agency, handler=cast.user("jiaoyu_clerk"), on=today, today=today,
    )  # fmt: skip
    services.sign_for(
        actor=Actor(cast.user("jiaoyu_clerk"), "clerk", desk.agency),
        application=Application.objects.get(pk=application.pk), on=today, today=today,
    )  # fmt: skip
    html = clerk.get(f"/cases/{application.pk}/").content.decode()
    assert "申请时已主动公开的相关信息" in html
    assert '<option value="already_public" selected>' in html
    assert f"《{TITLE}》" in html  # in the prepared 提供方式说明
    # Prepared only: nothing was decided for the clerk.
    application.refresh_from_db()
    assert (application.disposition, application.state) == ("", "in_progress")


def test_it_records_nothing_when_nothing_public_matches(
    cast, desk, django_capture_on_commit_callbacks
) -> None:
    desk.publish(desk.draft(title=TITLE))
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        application = file(desk.agency, "2025年学校食堂经费使用情况")
    assert len(callbacks) == 2  # the receipt and the lookup ran
    assert not PublishedMatch.objects.filter(application=application).exists()


def test_it_records_the_matches_once(cast, desk, django_capture_on_commit_callbacks) -> None:
    desk.publish(desk.draft(title=TITLE))
    with django_capture_on_commit_callbacks(execute=True):
        application = file(desk.agency, TITLE)
    assert services.record_matches(application) == 0  # the task ran again: nothing added
    assert PublishedMatch.objects.filter(application=application).count() == 1
