import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from gongkai_web.publishing.models import Entry


def _form(desk, **fields):
    data = {
        "title": "新华区校外培训管理暂行办法",
        "category": desk.category.pk,
        "written_on": "2024-03-01",
        "validity": "valid",
        "disclosure": "proactive",
        "doc_kind": "other",
        "agency": desk.agency.pk,
    }
    data.update(fields)
    return data


@pytest.mark.parametrize(("validity", "label"), [("expired", "失效"), ("repealed", "废止")])
def test_it_refuses_an_entry_marked_expired_or_repealed_without_its_date(
    desk, login_as, validity, label
):
    clerk = login_as("jiaoyu_clerk")

    response = clerk.post("/publishing/new/", _form(desk, validity=validity))

    assert response.status_code == 200
    assert f"有效性为“{label}”时必须填写失效或废止日期" in response.content.decode()
    assert not Entry.objects.exists()

    saved = clerk.post("/publishing/new/", _form(desk, validity=validity, ended_on="2024-06-30"))
    assert saved.status_code == 302
    assert Entry.objects.get().ended_on == dt.date(2024, 6, 30)


def test_it_refuses_the_same_in_the_service(desk):
    with pytest.raises(ValidationError, match="必须填写失效或废止日期"):
        desk.draft(validity="expired")
