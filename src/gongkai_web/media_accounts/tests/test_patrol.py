import datetime as dt
from typing import ClassVar

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai_web.audit.services import SYSTEM
from gongkai_web.media_accounts import inspection, selectors, services, tasks
from gongkai_web.media_accounts.models import PatrolRun, Platform, Problem, RunKind

from .fixtures import actor

ON = dt.date(2024, 6, 30)


class OutboxSms:
    """An SMS gateway for tests: keeps (phone, text) pairs."""

    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        OutboxSms.outbox.append((phone, text))


@pytest.fixture
def outbox(settings):
    settings.GONGKAI_SMS_BACKEND = f"{__name__}.OutboxSms"
    OutboxSms.outbox.clear()
    return OutboxSms.outbox


def accounts_silent_for(cast, bureau, published, days_list):
    made = []
    for days in days_list:
        account, _ = services.register_account(
            actor=SYSTEM,
            agency=bureau,
            platform=Platform.OTHER,
            name=f"账号{days}",
            opened_on=dt.date(2020, 1, 1),
            responsible_email=f"r{days}@example.gov.cn",
        )
        published(account, ON - dt.timedelta(days=days))
        published(account, ON - dt.timedelta(days=days + 30))  # older posts do not count
        made.append(account)
    return made


@pytest.mark.parametrize(
    ("days", "verdict"),
    [(9, "ok"), (10, "warn"), (13, "warn"), (14, "fail"), (89, "fail"), (90, "zombie")],
)
def test_it_judges_the_edges_from_posts_in_the_database(cast, bureau, published, days, verdict):
    (account,) = accounts_silent_for(cast, bureau, published, [days])
    (result,) = [r for r in selectors.patrol_now(bureau, ON) if r.account_id == account.pk]
    assert (result.days_since, result.verdict.value) == (days, verdict)


def test_it_ignores_posts_after_the_patrol_date(cast, bureau, published, account):
    published(account, ON - dt.timedelta(days=20))
    published(account, ON + dt.timedelta(days=1))
    (result,) = selectors.patrol_now(bureau, ON)
    assert result.days_since == 20


def test_it_reads_last_posts_in_one_query_whatever_the_number_of_accounts(cast, bureau, published):
    accounts_silent_for(cast, bureau, published, [1, 2])
    with CaptureQueriesContext(connection) as few:
        selectors.patrol_inputs(bureau, ON)
    accounts_silent_for(cast, bureau, published, [3, 4, 5, 6])
    with CaptureQueriesContext(connection) as more:
        inputs = selectors.patrol_inputs(bureau, ON)
    assert len(few) == len(more) == 1
    assert "MAX" in more[0]["sql"].upper()
    assert len(inputs) == 6


def test_it_stores_the_run_opens_each_problem_once_and_tells_the_responsible(
    cast, bureau, published, outbox, django_capture_on_commit_callbacks
):
    silent = accounts_silent_for(cast, bureau, published, [3, 15, 120])
    silent[1].responsible_phone = "13900000000"
    silent[1].save()
    supervisor = actor(cast.user("xinhua_supervisor"))

    with django_capture_on_commit_callbacks(execute=True):
        run = inspection.run_patrol(actor=supervisor, agency=bureau, on=ON)
    assert (run.kind, run.checked, run.warned, run.failed, run.zombies) == (
        RunKind.DAILY,
        3,
        0,
        1,
        1,
    )
    assert sorted(run.results.values_list("account__name", "verdict")) == [
        ("账号120", "zombie"),
        ("账号15", "fail"),
    ]
    assert sorted(Problem.objects.values_list("account__name", "category")) == [
        ("账号120", "zombie"),
        ("账号15", "not_updated"),
    ]
    assert sorted(m.to[0] for m in mail.outbox) == ["r120@example.gov.cn", "r15@example.gov.cn"]
    assert "15天未更新" in next(m.body for m in mail.outbox if m.to == ["r15@example.gov.cn"])
    assert [phone for phone, _ in outbox] == ["13900000000"]

    again = inspection.run_patrol(actor=supervisor, agency=bureau, on=ON + dt.timedelta(days=1))
    assert again.problems == 0 and Problem.objects.count() == 2


def test_it_sweeps_the_week_for_wording_missing_reviews_and_registry_gaps(
    cast, bureau, published, account
):
    published(account, ON - dt.timedelta(days=2), title="截止目前的进展", complete=False)
    published(account, ON - dt.timedelta(days=10), title="再接再励")  # before the week: not swept
    run = inspection.run_sweep(actor=actor(cast.user("xinhua_supervisor")), agency=bureau, on=ON)
    found = sorted(Problem.objects.filter(run=run).values_list("category", flat=True))
    assert found == ["review_missing", "wording"]
    assert run.kind == RunKind.WEEKLY


def test_it_lets_only_a_supervisor_run_a_patrol(cast, bureau):
    with pytest.raises(PermissionDenied, match="政务公开办可以执行巡查"):
        inspection.run_patrol(actor=actor(cast.user("jiaoyu_clerk")), agency=bureau, on=ON)


def test_it_runs_the_periodic_tasks_once_per_matrix(cast, bureau, published, account):
    school = cast.agency("新华区实验小学")
    services.register_account(
        actor=SYSTEM,
        agency=school,
        platform=Platform.WECHAT,
        name="实验小学",
        opened_on=dt.date(2020, 1, 1),
    )
    assert tasks.matrix_roots() == [bureau]
    tasks.patrol_all(ON)
    tasks.sweep_all(ON)
    assert sorted(PatrolRun.objects.values_list("kind", "checked")) == [("daily", 2), ("weekly", 2)]


def test_it_counts_only_delivered_notices_and_says_the_sms_was_not_sent(
    cast, bureau, published, login_as
):
    # The default sender only logs: a responsible person with a phone and no e-mail is not told.
    (account,) = accounts_silent_for(cast, bureau, published, [15])
    account.responsible_email, account.responsible_phone = "", "13900000000"
    account.save()
    supervisor = actor(cast.user("xinhua_supervisor"))
    run = inspection.run_patrol(actor=supervisor, agency=bureau, on=ON, notify=False)
    problems = list(Problem.objects.filter(run=run))
    assert inspection.notify_responsible(run, problems) == 0
    page = login_as("xinhua_supervisor").get(f"/media/patrols/{run.pk}/")
    assert "给责任人的短信通知：未发送（未配置短信网关）" in page.content.decode()


def test_it_does_not_say_not_sent_once_a_gateway_is_configured(
    cast, bureau, published, login_as, outbox
):
    (account,) = accounts_silent_for(cast, bureau, published, [15])
    account.responsible_email, account.responsible_phone = "", "13900000000"
    account.save()
    run = inspection.run_patrol(
        actor=actor(cast.user("xinhua_supervisor")), agency=bureau, on=ON, notify=False
    )
    assert inspection.notify_responsible(run, list(Problem.objects.filter(run=run))) == 1
    page = login_as("xinhua_supervisor").get(f"/media/patrols/{run.pk}/")
    assert "未配置短信网关" not in page.content.decode()
