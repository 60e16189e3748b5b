import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai_web.audit.models import AuditEntry
from gongkai_web.media_accounts import selectors, services
from gongkai_web.media_accounts.models import Filing, Platform

from .fixtures import actor


def test_it_opens_an_account_with_a_filing_and_an_audit_row(account):
    assert account.state == "opened"
    assert [(f.event, f.filing_no) for f in Filing.objects.filter(account=account)] == [
        ("open", "BA-001")
    ]
    assert (
        AuditEntry.objects.filter(action="media_account.open", object_id=str(account.pk)).count()
        == 1
    )


def test_it_warns_of_a_second_account_of_one_unit_on_one_platform(cast, bureau, account):
    _, warnings = services.register_account(
        actor=actor(cast.user("jiaoyu_clerk")),
        agency=bureau,
        platform=Platform.WECHAT,
        name="新华教育服务号",
        opened_on=dt.date(2024, 1, 1),
    )
    assert warnings == [
        "新华区教育局在微信公众号已有账号“新华教育”，原则上一个单位在同一平台只开设一个账号，请确认确需新开设"
    ]
    _, none = services.register_account(
        actor=actor(cast.user("jiaoyu_clerk")),
        agency=bureau,
        platform=Platform.DOUYIN,
        name="新华教育",
        opened_on=dt.date(2024, 1, 1),
    )
    assert none == []
    assert selectors.matrix(bureau, dt.date(2024, 6, 1)).duplicates == [
        "新华区教育局在微信公众号开设了 2 个账号（原则上一个单位在同一平台只开设一个账号）"
    ]


def test_it_files_changes_and_closure_and_refuses_steps_after_closure(cast, account):
    who = actor(cast.user("jiaoyu_clerk"))
    changed = services.change_account(
        actor=who, account=account, on=dt.date(2024, 3, 1), filing_no="BA-002", operator="新运维"
    )
    assert (changed.state, changed.operator, changed.filing_no) == ("changed", "新运维", "BA-002")
    entry = AuditEntry.objects.get(action="media_account.change")
    assert entry.changes["operator"] == {"before": "王登记", "after": "新运维"}

    closed = services.close_account(
        actor=who, account=changed, on=dt.date(2024, 6, 30), filing_no="BA-003"
    )
    assert (closed.state, closed.closed_on) == ("closed", dt.date(2024, 6, 30))
    assert [f.event for f in closed.filings.all()] == ["open", "change", "close"]
    with pytest.raises(ValidationError, match="已注销的账号不能办理变更"):
        services.change_account(actor=who, account=closed, on=dt.date(2024, 7, 1), operator="x")
    with pytest.raises(ValidationError, match="该账号已注销"):
        services.draft_post(actor=who, account=closed, title="t", body="b")


def test_it_counts_an_account_closed_during_the_year_out_of_the_31_december_matrix(
    cast, bureau, account
):
    assert selectors.year_counts(bureau, 2024).accounts_open == 1
    services.close_account(
        actor=actor(cast.user("jiaoyu_clerk")), account=account, on=dt.date(2024, 12, 30)
    )
    assert selectors.year_counts(bureau, 2024).accounts_open == 0
    assert selectors.year_counts(bureau, 2023).accounts_open == 1


def test_it_refuses_registration_by_another_agency(cast, bureau):
    with pytest.raises(PermissionDenied, match="无权为新华区教育局登记"):
        services.register_account(
            actor=actor(cast.user("caizheng_clerk")),
            agency=bureau,
            platform=Platform.WEIBO,
            name="x",
            opened_on=dt.date(2024, 1, 1),
        )


def test_it_files_a_change_through_the_form(login_as, account):
    client = login_as("jiaoyu_clerk")
    form = {
        "name": "新华教育",
        "handle": "gh_xhjy",
        "responsible": "赵领导",
        "operator": "新运维",
        "verification": "verified",
        "on": "2024-05-01",
        "change_filing_no": "BA-009",
        "note": "更换运维人员",
    }
    page = client.post(f"/media/accounts/{account.pk}/change/", form, follow=True).content.decode()
    assert "变更已登记" in page and "更换运维人员" in page
    account.refresh_from_db()
    assert (account.operator, account.state, account.filing_no) == ("新运维", "changed", "BA-009")
    assert (
        login_as("caizheng_clerk").get(f"/media/accounts/{account.pk}/change/").status_code == 403
    )
