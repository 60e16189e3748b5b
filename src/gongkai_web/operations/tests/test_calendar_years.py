"""The system administrator enters a year of the working-day calendar from the State Council's
notice, and deadlines running into that year are computed from then on.

The 2027 notice used here is invented (see notices.py): the real one is not known to us.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from gongkai.workdays import Calendar, shipped_years
from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import Actor
from gongkai_web.cases import services as cases
from gongkai_web.cases import timekeeping
from gongkai_web.cases.models import Application
from gongkai_web.cases.tests.conftest import actors, person, submit  # noqa: F401
from gongkai_web.operations import calendar_years, services
from gongkai_web.operations.models import CalendarYear, EntryMethod
from gongkai_web.organizations.tests.cast import Cast

from .notices import NOTICE_2027

D = dt.date
pytestmark = pytest.mark.django_db
NOTICES = Path(__file__).resolve().parents[4] / "tests/fixtures/holiday_notices"
UNKNOWN_2027 = "日历中没有 2027 年的节假日安排，请由管理员录入国务院办公厅公布的 2027 年安排"


@pytest.fixture(autouse=True)
def late_november(frozen_clock) -> None:
    frozen_clock.set(D(2026, 12, 1))


def preview(client: Client, text: str = NOTICE_2027, **fields: object) -> str:
    data = {"method": "notice", "year": 2027, "source": "", "text": text} | fields
    return client.post(reverse("operations:calendar_preview"), data).content.decode()


def confirm(client: Client, text: str = NOTICE_2027, **fields: object) -> str:
    data = {"method": "notice", "year": 2027, "source": "", "text": text} | fields
    response = client.post(reverse("operations:calendar_confirm"), data, follow=True)
    return response.content.decode()


def sysadmin(cast: Cast) -> Actor:
    return Actor(cast.user("sysadmin"), "sysadmin", cast.agency("新华区人民政府"))


def in_progress(application: Application, actors: dict[str, Actor], cast: Cast) -> Application:  # noqa: F811
    on = D(2026, 11, 30)
    clerk = actors["clerk"]
    cases.assign(
        actor=clerk,
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=cast.user("jiaoyu_clerk"),
        on=on,
        today=on,
    )
    cases.sign_for(
        actor=clerk, application=Application.objects.get(pk=application.pk), on=on, today=on
    )
    return Application.objects.get(pk=application.pk)


# --- the story of the issue -----------------------------------------------------------------


def test_it_shows_the_extended_due_date_in_2027_once_the_sysadmin_enters_the_notice(
    submit: Callable[..., Application],  # noqa: F811
    actors: dict[str, Actor],  # noqa: F811
    cast: Cast,
    login_as: Callable[[str], Client],
) -> None:
    application = in_progress(submit(received=D(2026, 11, 27)), actors, cast)
    leader, admin = login_as("jiaoyu_leader"), login_as("sysadmin")
    detail = reverse("cases:detail", kwargs={"pk": application.pk})
    extend = reverse("cases:act", kwargs={"pk": application.pk, "name": "extend"})
    form = {"on": "2026-12-01", "reason": "需要调取档案，无法按期答复"}

    # 40 working days from 27 November 2026 end in 2027: without that year, no extension.
    page = leader.post(extend, form, follow=True).content.decode()
    assert UNKNOWN_2027 in page
    assert not Application.objects.get(pk=application.pk).extended

    page = preview(admin)
    assert "预览：2027 年节假日安排（尚未保存）" in page
    assert not CalendarYear.objects.exists()
    page = confirm(admin)
    assert "已录入 2027 年的节假日安排：放假 28 天，调休上班 6 天。" in page

    leader.post(extend, form)
    assert Application.objects.get(pk=application.pk).extended
    page = leader.get(detail).content.decode()
    # 1–3 January 2027 are off under the (invented) notice, so the 40th working day moves from
    # 22 to 25 January.
    assert '<dd id="due">2027-01-25</dd>' in page
    assert UNKNOWN_2027 not in page


def test_it_warns_on_the_case_pages_until_the_year_is_entered(
    submit: Callable[..., Application],  # noqa: F811
    cast: Cast,
    login_as: Callable[[str], Client],
) -> None:
    application = submit(received=D(2026, 11, 27))
    # Extended before this installation lacked 2027, e.g. imported from the ledger.
    Application.objects.filter(pk=application.pk).update(extended=True)
    detail = reverse("cases:detail", kwargs={"pk": application.pk})
    clerk = login_as("jiaoyu_clerk")
    for url in (detail, reverse("cases:index")):
        page = clerk.get(url).content.decode()
        assert UNKNOWN_2027 in page
        assert "2027 年的节假日安排尚未录入，跨年的期限将无法计算。" in page
        assert "请联系系统管理员" in page
        assert reverse("operations:calendar_enter") not in page

    services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    page = clerk.get(detail).content.decode()
    assert '<dd id="due">2027-01-25</dd>' in page
    assert "尚未录入" not in page


def test_it_links_the_warning_to_the_calendar_for_a_sysadmin_who_also_handles_cases(
    submit: Callable[..., Application],  # noqa: F811
    cast: Cast,
    login_as: Callable[[str], Client],
) -> None:
    from gongkai_web.organizations.models import Role, RoleGrant

    application = submit(received=D(2026, 11, 27))
    Application.objects.filter(pk=application.pk).update(extended=True)
    RoleGrant.objects.create(
        user=cast.user("sysadmin"), agency=cast.agency("新华区教育局"), role=Role.CLERK,
        granted_at=dt.datetime(2026, 1, 5, tzinfo=dt.UTC),
    )  # fmt: skip
    page = login_as("sysadmin").get(reverse("cases:detail", kwargs={"pk": application.pk}))
    assert f"{reverse('operations:calendar_enter')}?year=2027" in page.content.decode()


# --- the calendar page ----------------------------------------------------------------------


def test_it_lists_every_known_year_and_says_loudly_that_2027_is_missing(
    login_as: Callable[[str], Client], cast: Cast
) -> None:
    admin = login_as("sysadmin")
    page = admin.get(reverse("operations:calendar")).content.decode()
    assert 'data-missing-year="2027"' in page
    assert "2027 年的节假日安排尚未录入，跨年的期限将无法计算。" in page
    for year in (2004, 2026):
        assert f'<tr data-year="{year}">' in page
    assert page.count("软件自带") >= 23
    assert reverse("operations:calendar") in admin.get(reverse("ui:home")).content.decode()

    confirm(admin)
    page = admin.get(reverse("operations:calendar")).content.decode()
    assert "data-missing-year" not in page
    row = page.split('<tr data-year="2027">')[1].split("</tr>")[0]
    assert "已录入" in row and "28 天" in row and "6 天" in row
    assert "国办发明电〔2026〕99号" in row and cast.user("sysadmin").get_full_name() in row


def test_it_previews_the_holidays_make_up_days_and_a_month_grid_without_saving(
    login_as: Callable[[str], Client],
) -> None:
    page = preview(login_as("sysadmin"))
    assert '<td class="day-holiday" data-date="2027-02-05"' in page
    assert '<td class="day-makeup_workday" data-date="2027-02-13"' in page
    assert '<td class="day-weekend" data-date="2027-01-09"' in page
    assert '<td class="day-workday" data-date="2027-01-04"' in page
    assert "2月5日至2月12日" in page and "2月13日（星期六）、2月20日（星期六）" in page
    assert '<input type="hidden" name="year" value="2027">' in page
    assert not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


def test_it_answers_htmx_with_the_preview_alone(login_as: Callable[[str], Client]) -> None:
    data = {"method": "notice", "year": 2027, "text": NOTICE_2027}
    partial = login_as("sysadmin").post(
        reverse("operations:calendar_preview"), data, HTTP_HX_REQUEST="true"
    )
    body = partial.content.decode()
    assert "<html" not in body and "预览：2027 年节假日安排" in body


def test_it_reports_days_of_another_year_in_the_preview(login_as: Callable[[str], Client]) -> None:
    text = (NOTICES / "2023.txt").read_text(encoding="utf-8")
    page = preview(login_as("sysadmin"), text, year=2023)
    assert "2022年12月31日（星期六，元旦放假）属于 2022 年，没有录入 2023 年的安排" in page
    assert "计算结果将改变的日期" in page  # 30–31 Dec 2023 are 元旦 in the shipped 2023


def test_it_shows_a_chinese_error_for_unreadable_text_and_saves_nothing(
    login_as: Callable[[str], Client],
) -> None:
    admin = login_as("sysadmin")
    wrong_weekday = NOTICE_2027.replace("1月1日（周五）", "1月1日（周四）")
    for page in (preview(admin, wrong_weekday), confirm(admin, wrong_weekday)):
        assert "无法读取“元旦：1月1日（周四）至3日（周日）放假，共3天”" in page
        assert "2027年1月1日是星期五" in page
        assert 'role="alert"' in page
    assert "没有读到任何节假日安排" in preview(admin, "请假条：本人因事请假一天。")
    assert "通知写的是 2027 年的安排，而录入的年份是 2028 年" in preview(admin, year=2028)
    assert "请填写通知所安排的年份" in preview(admin, year="")
    assert "请粘贴通知全文或数据文件的内容" in preview(admin, "")
    assert not CalendarYear.objects.exists()
    assert not AuditEntry.objects.filter(action__startswith="calendar.").exists()


# --- who may ----------------------------------------------------------------------------------


def test_it_refuses_a_clerk_and_an_outsider(login_as: Callable[[str], Client], cast: Cast) -> None:
    urls = [
        ("get", reverse("operations:calendar")),
        ("get", reverse("operations:calendar_enter")),
        ("post", reverse("operations:calendar_preview")),
        ("post", reverse("operations:calendar_confirm")),
        ("get", reverse("operations:calendar_year", kwargs={"year": 2026})),
        ("get", reverse("operations:calendar_year_json", kwargs={"year": 2026})),
    ]
    data = {"method": "notice", "year": 2027, "text": NOTICE_2027}
    for username in ("jiaoyu_clerk", "auditor", "secadmin"):
        client = login_as(username)
        for verb, url in urls:
            assert getattr(client, verb)(url, data if verb == "post" else None).status_code == 403
    for verb, url in urls:
        response = getattr(Client(), verb)(url, data if verb == "post" else None)
        assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")
    assert not CalendarYear.objects.exists()

    clerk = Actor(cast.user("jiaoyu_clerk"), "clerk", cast.agency("新华区教育局"))
    with pytest.raises(PermissionDenied, match="须由系统管理员录入"):
        services.enter_year(actor=clerk, method="notice", year=2027, text=NOTICE_2027)
    with pytest.raises(PermissionDenied):
        services.enter_year(
            actor=Actor(None, "public"), method="notice", year=2027, text=NOTICE_2027
        )


# --- the write path ---------------------------------------------------------------------------


def test_it_writes_an_audit_row_with_the_schedule(cast: Cast) -> None:
    row = services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    entry = AuditEntry.objects.get(action="calendar.year_entered")
    assert entry.actor_name == "sysadmin" and entry.object_id == str(row.pk)
    assert entry.changes["year"] == 2027 and entry.changes["holidays"] == 28
    assert entry.changes["after"]["makeup_workdays"][0] == {"date": "2027-02-13", "name": "春节"}
    assert row.notice_text == NOTICE_2027 and row.method == EntryMethod.NOTICE
    assert row.source == "国办发明电〔2026〕99号" and row.entered_by == cast.user("sysadmin")


def test_it_replaces_an_entered_year(cast: Cast, login_as: Callable[[str], Client]) -> None:
    admin = sysadmin(cast)
    services.enter_year(actor=admin, method="notice", year=2027, text=NOTICE_2027)
    assert timekeeping.calendar().is_workday(D(2027, 2, 20))
    corrected = NOTICE_2027.replace(
        "2月13日（周六）、2月20日（周六）上班", "2月13日（周六）上班"
    ).replace(
        "2月5日（农历除夕、周五）至12日（农历正月初七、周五）放假调休，共8天",
        "2月5日（农历除夕、周五）至11日（农历正月初六、周四）放假调休，共7天",
    )
    page = preview(login_as("sysadmin"), corrected)
    assert "录入的 2027 年安排" in page
    assert "2027-02-12</td><td>春节放假</td><td>平常日子" in page
    assert "2027-02-20</td><td>春节调休上班</td><td>平常日子" in page
    services.enter_year(actor=admin, method="notice", year=2027, text=corrected)
    assert CalendarYear.objects.count() == 1
    calendar = timekeeping.calendar()
    assert calendar.is_workday(D(2027, 2, 12)) and not calendar.is_workday(D(2027, 2, 20))
    replaced = AuditEntry.objects.get(action="calendar.year_replaced")
    assert len(replaced.changes["before"]["holidays"]) == 28
    assert len(replaced.changes["after"]["holidays"]) == 27


def test_it_replaces_a_shipped_year_from_a_data_file_and_deletes_back_to_it(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    shipped = shipped_years()[2026].to_dict()
    # Suppose an extra day off were announced later (this one is made up): 2026-12-31.
    shipped["holidays"].append({"date": "2026-12-31", "name": "元旦"})
    admin = login_as("sysadmin")
    page = preview(admin, json.dumps(shipped, ensure_ascii=False), method="data_file", year="")
    assert "软件自带的 2026 年安排" in page
    assert "2026-12-31</td><td>平常日子</td><td>元旦放假" in page
    confirm(admin, json.dumps(shipped, ensure_ascii=False), method="data_file", year="")
    assert CalendarYear.objects.get(year=2026).method == EntryMethod.DATA_FILE
    assert not timekeeping.calendar().is_workday(D(2026, 12, 31))
    listing = admin.get(reverse("operations:calendar")).content.decode()
    assert "已录入（替换软件自带）" in listing

    delete_url = reverse("operations:calendar_delete", kwargs={"year": 2026})
    assert "恢复使用软件自带的 2026 年安排" in admin.get(delete_url).content.decode()
    page = admin.post(delete_url, follow=True).content.decode()
    assert "已删除录入的 2026 年节假日安排，恢复使用软件自带的安排。" in page
    assert timekeeping.calendar().is_workday(D(2026, 12, 31))
    assert AuditEntry.objects.get(action="calendar.year_deleted").changes["falls_back_to_shipped"]


def test_it_deletes_an_entered_year_that_nothing_was_shipped_for(
    cast: Cast, login_as: Callable[[str], Client]
) -> None:
    services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    admin = login_as("sysadmin")
    delete_url = reverse("operations:calendar_delete", kwargs={"year": 2027})
    assert "日历中不再有 2027 年" in admin.get(delete_url).content.decode()
    admin.post(delete_url)
    assert not timekeeping.calendar().knows(2027)
    assert (
        admin.get(reverse("operations:calendar_delete", kwargs={"year": 2026})).status_code == 404
    )
    with pytest.raises(ValidationError, match="随软件发布，不能删除"):
        services.delete_year(actor=sysadmin(cast), year=2026)
    with pytest.raises(ValidationError, match="没有录入过 2031 年的安排"):
        services.delete_year(actor=sysadmin(cast), year=2031)


def test_it_refuses_a_data_file_that_contradicts_itself(cast: Cast) -> None:
    bad = {
        "year": 2027,
        "holidays": [],
        "makeup_workdays": [{"date": "2027-01-04", "name": "元旦"}],
    }
    with pytest.raises(ValidationError, match="调休上班日只能是星期六或星期日"):
        services.enter_year(
            actor=sysadmin(cast), method="data_file", year=None, text=json.dumps(bad)
        )
    with pytest.raises(ValidationError, match="不是有效的 JSON"):
        services.enter_year(actor=sysadmin(cast), method="data_file", year=None, text="{year: 2027")
    good = {"year": 2027, "holidays": [{"date": "2027-01-01", "name": "元旦"}]}
    with pytest.raises(ValidationError, match="数据文件中的年份是 2027，而填写的年份是 2028"):
        services.enter_year(
            actor=sysadmin(cast), method="data_file", year=2028, text=json.dumps(good)
        )
    assert not CalendarYear.objects.exists()


def test_it_offers_each_year_as_a_data_file(login_as: Callable[[str], Client]) -> None:
    response = login_as("sysadmin").get(
        reverse("operations:calendar_year_json", kwargs={"year": 2025})
    )
    assert json.loads(response.content) == shipped_years()[2025].to_dict()
    page = login_as("sysadmin").get(reverse("operations:calendar_year", kwargs={"year": 2025}))
    assert '<td class="day-holiday" data-date="2025-01-28"' in page.content.decode()
    assert login_as("sysadmin").get("/operations/calendar/2040/").status_code == 404


# --- one calendar for every worker ------------------------------------------------------------


def test_it_rebuilds_the_calendar_only_when_the_entered_years_change(
    cast: Cast, django_assert_num_queries: Callable[..., object]
) -> None:
    first = calendar_years.current_calendar()
    assert first is Calendar.shipped()
    with django_assert_num_queries(1):  # type: ignore[attr-defined]
        assert calendar_years.current_calendar() is first
    row = services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    second = calendar_years.current_calendar()
    assert second.knows(2027) and calendar_years.current_calendar() is second
    # Another worker's change, seen through the database alone.
    CalendarYear.objects.filter(pk=row.pk).update(
        updated_at=row.updated_at + dt.timedelta(seconds=1),
        schedule={"year": 2027, "holidays": [], "makeup_workdays": []},
    )
    assert calendar_years.current_calendar().is_workday(D(2027, 1, 1))


def test_it_gives_receipts_and_publication_the_entered_years(cast: Cast) -> None:
    from gongkai_web.cases.services import receipts
    from gongkai_web.publishing import workflow as publishing

    services.enter_year(actor=sysadmin(cast), method="notice", year=2027, text=NOTICE_2027)
    assert receipts.current_calendar().knows(2027)  # type: ignore[attr-defined]
    assert publishing.current_calendar().knows(2027)  # type: ignore[attr-defined]


# --- the command line ---------------------------------------------------------------------------


def test_it_enters_a_notice_file_from_the_command_line(tmp_path: Path, cast: Cast) -> None:
    notice = tmp_path / "2027.txt"
    notice.write_text(NOTICE_2027, encoding="utf-8")
    call_command("enter_calendar_year", "--year", "2027", "--notice", str(notice), "--dry-run")
    assert not CalendarYear.objects.exists()
    call_command("enter_calendar_year", "--year", "2027", "--notice", str(notice))
    assert CalendarYear.objects.get().year == 2027
    assert AuditEntry.objects.get(action="calendar.year_entered").role == "command_line"
    with pytest.raises(CommandError, match="录入的年份是 2028 年"):
        call_command("enter_calendar_year", "--year", "2028", "--notice", str(notice))
