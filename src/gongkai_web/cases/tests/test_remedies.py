"""The remedies a letter names (行政复议法 2023, in force 2024-01-01): 复议前置 for a 不予公开
decision, the 复议机关 from the agency tree, the court from the settings; no letter is signed
that would name neither."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.urls import reverse

from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings
from gongkai_web.cases.services import CaseError

from .test_letters import reply, text_of

pytestmark = pytest.mark.django_db
D = dt.date


def drafted(submit, actors, cast, disposition: str, **outcome: str) -> Application:  # type: ignore[no-untyped-def]
    application = submit()
    clerk, on = actors["clerk"], D(2025, 3, 4)
    unit = cast.agency("新华区教育局")
    services.assign(actor=clerk, application=application, unit=unit, handler=None, on=on, today=on)
    application = Application.objects.get(pk=application.pk)
    services.sign_for(actor=clerk, application=application, on=on, today=on)
    services.submit_draft(
        actor=clerk,
        application=Application.objects.get(pk=application.pk),
        on=on,
        today=on,
        disposition=disposition,
        **outcome,
    )
    services.review(
        actor=actors["reviewer"],
        application=Application.objects.get(pk=application.pk),
        on=on,
        today=on,
        approve=True,
    )
    return Application.objects.get(pk=application.pk)


def test_it_tells_the_applicant_to_apply_for_reconsideration_first_when_withholding(
    submit, actors, cast
) -> None:
    text = text_of(reply(submit, actors, cast, "third_party", reason="含有投标人的报价明细"))
    assert "60日内向新华区人民政府申请行政复议" in text
    assert "《中华人民共和国行政复议法》第二十三条" in text and "应当先申请行政复议" in text
    assert "15日内依法向人民法院提起行政诉讼" in text
    assert "或者自收到本答复之日起" not in text


def test_it_treats_the_withheld_part_of_a_partial_disclosure_as_reconsideration_first(
    submit, actors, cast
) -> None:
    text = text_of(
        reply(
            submit,
            actors,
            cast,
            "partial",
            reason="涉及个人隐私",
            withheld=[("联系电话", "privacy")],
        )
    )
    assert "应当先申请行政复议" in text


@override_settings(GONGKAI_REMEDY_PATHS={"partial": "either"})
def test_it_lets_the_deployment_choose_the_remedy_of_an_outcome(submit, actors, cast) -> None:
    text = text_of(
        reply(
            submit,
            actors,
            cast,
            "partial",
            reason="涉及个人隐私",
            withheld=[("联系电话", "privacy")],
        )
    )
    assert "或者自收到本答复之日起6个月内向新华区人民法院提起行政诉讼" in text
    assert "应当先申请行政复议" not in text


def test_it_lets_either_remedy_be_chosen_when_the_information_is_provided(
    submit, actors, cast
) -> None:
    text = text_of(reply(submit, actors, cast, "granted"))
    assert (
        "如对本答复不服，可以自收到本答复之日起60日内向新华区人民政府申请行政复议，"
        "或者自收到本答复之日起6个月内向新华区人民法院提起行政诉讼。"
    ) in text


def test_it_names_the_superior_body_set_for_a_vertically_managed_agency(
    submit, actors, cast
) -> None:
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(
        reconsideration_body="平顶山市教育局"
    )
    text = text_of(reply(submit, actors, cast, "granted"))
    assert "60日内向平顶山市教育局申请行政复议" in text


def test_it_refuses_to_sign_a_letter_that_would_name_no_court(
    submit, actors, cast, login_as
) -> None:
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(court="")
    application = drafted(submit, actors, cast, "granted")
    page = login_as("jiaoyu_leader").get(reverse("cases:detail", args=[application.pk]))
    shown = page.content.decode()
    assert 'id="remedy-problem"' in shown and "管辖法院" in shown
    with pytest.raises(CaseError) as refused:
        services.sign(actor=actors["leader"], application=application, on=D(2025, 3, 4),
                      today=D(2025, 3, 4))  # fmt: skip
    message = str(refused.value.args[0] if refused.value.args else refused.value)
    assert "答复书须写明管辖法院" in message
    assert "依申请公开设置" in message and "新华区教育局" in message
    assert Application.objects.get(pk=application.pk).reply_number == ""


def test_it_signs_a_reconsideration_first_letter_without_a_court(submit, actors, cast) -> None:
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(court="")
    letter = reply(submit, actors, cast, "state_secret", reason="经保密审查属于秘密级")
    assert "向新华区人民政府申请行政复议" in text_of(letter)


def test_it_shows_the_remedy_the_drafted_letter_will_name(submit, actors, cast, login_as) -> None:
    application = drafted(submit, actors, cast, "state_secret", reason="经保密审查属于秘密级")
    page = login_as("jiaoyu_leader").get(reverse("cases:detail", args=[application.pk]))
    shown = page.content.decode()
    assert 'id="remedy"' in shown and "复议前置" in shown and "新华区人民政府" in shown


def test_it_warns_the_report_of_a_direct_suit_against_a_non_disclosure(
    submit, actors, cast
) -> None:
    from gongkai_web.annual_reports import checks

    reply(submit, actors, cast, "state_secret", reason="经保密审查属于秘密级")
    application = Application.objects.get()
    services.record_review(
        actor=actors["clerk"], application=application, kind="direct_suit",
        filed_on=D(2025, 5, 6), today=D(2025, 5, 6), case_number="（2025）豫0402行初7号",
    )  # fmt: skip
    (found,) = checks.review_first_suits(cast.agency("新华区教育局"), 2025)
    assert found.rule == "T4-REVIEW-FIRST" and "（2025）豫0402行初7号" in found.message
    assert checks.review_first_suits(cast.agency("新华区教育局"), 2024) == []
