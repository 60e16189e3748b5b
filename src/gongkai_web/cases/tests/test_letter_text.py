"""What reaches the applicant is clean text: no doubled marks, no HTML entities, Chinese dates;
the drafter sees the text checker's findings and the reply before review."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.urls import reverse

from gongkai.documents.hygiene import check
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, LetterKind

from .conftest import CALENDAR
from .test_letters import reply, text_of

pytestmark = pytest.mark.django_db
D = dt.date


def in_progress(submit, actors, cast, **changes: str) -> Application:  # type: ignore[no-untyped-def]
    application = submit(**changes)
    clerk, on = actors["clerk"], D(2025, 3, 4)
    unit = cast.agency("新华区教育局")
    services.assign(actor=clerk, application=application, unit=unit, handler=None, on=on, today=on)
    services.sign_for(
        actor=clerk, application=Application.objects.get(pk=application.pk), on=on, today=on
    )
    return Application.objects.get(pk=application.pk)


def signed(application: Application, actors, disposition: str, **outcome: Any):  # type: ignore[no-untyped-def]
    on = D(2025, 3, 4)
    services.submit_draft(
        actor=actors["clerk"], application=application, on=on, today=on,
        disposition=disposition, **outcome,
    )  # fmt: skip
    fresh = Application.objects.get(pk=application.pk)
    services.review(actor=actors["reviewer"], application=fresh, on=on, today=on, approve=True)
    fresh = Application.objects.get(pk=application.pk)
    return services.sign(actor=actors["leader"], application=fresh, on=on, today=on)


def test_it_keeps_the_applicants_quotation_marks(submit, actors, cast) -> None:
    application = in_progress(submit, actors, cast, description='关于"双减"工作的通知&附件<1>')
    letter = signed(application, actors, "granted")
    text = text_of(letter)
    assert '关于"双减"工作的通知&附件<1>' in text
    assert "&quot;" not in text and "&amp;" not in text and "&lt;" not in text


def test_it_writes_no_doubled_marks_when_a_value_ends_with_one(submit, actors, cast) -> None:
    application = in_progress(submit, actors, cast)
    services.extend(
        actor=actors["leader"], application=application, on=D(2025, 3, 20), today=D(2025, 3, 20),
        reason="需调阅档案，经负责人同意延期。", calendar=CALENDAR,
    )  # fmt: skip
    letter = Application.objects.get(pk=application.pk).letters.get(kind=LetterKind.EXTENSION)
    text = text_of(letter)
    assert "因需调阅档案，经负责人同意延期，本机关不能在规定期限内作出答复" in text
    assert not [i for i in check(text) if i.problem.value == "doubled"]


def test_it_writes_clean_replies_from_untidy_input(submit, actors, cast) -> None:
    letter = reply(
        submit, actors, cast, "partial",
        reason="涉及第三方个人隐私。。", withheld=[("联系电话,身份证号码。", "privacy")],
        provision_note="请携带身份证复印件。。",
    )  # fmt: skip
    text = text_of(letter)
    assert check(text) == [], [i.message for i in check(text)]
    assert "理由：涉及第三方个人隐私。" in text
    assert (
        "（一）联系电话，身份证号码：涉及第三方个人隐私，公开会对第三方合法权益造成损害，" in text
    )
    assert "请携带身份证复印件。" in text and "2025年3月3日" in text


def test_it_shows_the_drafter_the_problems_and_the_corrected_reply(
    submit, actors, cast, login_as
) -> None:
    application = in_progress(submit, actors, cast)
    page = login_as("jiaoyu_clerk").post(
        reverse("cases:act", args=[application.pk, "check_draft"]),
        {"disposition": "granted", "provision_note": "于2025-03-20 通过邮件发送,请查收。。"},
    )
    shown = page.content.decode()
    assert page.status_code == 200 and 'id="draft-check"' in shown
    assert "提供方式说明：重复标点" in shown and "半角逗号" in shown and "数字日期" in shown
    assert 'value="于2025年3月20日通过邮件发送，请查收。"' in shown  # one click submits this
    assert 'id="draft-preview"' in shown and "政府信息公开告知书" in shown
    assert Application.objects.get(pk=application.pk).provision_note == ""  # nothing saved
