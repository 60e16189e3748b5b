import datetime as dt

from gongkai_web.audit.models import AuditEntry
from gongkai_web.publishing.models import Entry, Status


def test_it_withdraws_a_published_entry_from_its_office_page_with_a_reason(
    client, desk, make_published, login_as
):
    entry = make_published(on=dt.date(2024, 3, 4), formed_on=dt.date(2024, 3, 1))
    clerk = login_as("jiaoyu_clerk")
    page = clerk.get(f"/publishing/{entry.pk}/").content.decode()
    assert 'data-action="withdraw"' in page and "撤回理由（必填）" in page

    refused = clerk.post(
        f"/workflow/catalogue/{entry.pk}/", {"action": "withdraw", "note": "  "}, follow=True
    )
    assert "“撤回公开”须写明撤回理由" in refused.content.decode()
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED

    done = clerk.post(
        f"/workflow/catalogue/{entry.pk}/", {"action": "withdraw", "note": "附件有误"}, follow=True
    )

    assert "已撤回公开" in done.content.decode()
    withdrawn = Entry.objects.get(pk=entry.pk)
    assert (withdrawn.status, withdrawn.index_number) == (Status.WITHDRAWN, entry.index_number)
    assert client.get(f"/gk/entry/{entry.pk}/").status_code == 404
    event = AuditEntry.objects.filter(action="catalogue.withdraw").get()
    assert event.changes["note"] == "附件有误"
    assert 'data-action="withdraw"' not in clerk.get(f"/publishing/{entry.pk}/").content.decode()


def test_it_lets_only_the_agencys_own_staff_withdraw(desk, make_published, login_as):
    entry = make_published(on=dt.date(2024, 3, 4), formed_on=dt.date(2024, 3, 1))

    response = login_as("caizheng_clerk").post(
        f"/workflow/catalogue/{entry.pk}/", {"action": "withdraw", "note": "不是本机关的"}
    )

    assert response.status_code == 403
    assert Entry.objects.get(pk=entry.pk).status == Status.PUBLISHED
