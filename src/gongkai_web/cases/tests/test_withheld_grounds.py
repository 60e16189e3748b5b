"""A 部分公开 letter names the ground of each withheld part, chosen from the list, and the
Art. 32 consultation of the third party where it applies."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from gongkai_web.cases import services
from gongkai_web.cases.models import Application
from gongkai_web.cases.services import CaseError

from .test_letter_text import in_progress, signed
from .test_letters import text_of

pytestmark = pytest.mark.django_db
D = dt.date
ROWS = [("投标人报价明细", "trade_secret"), ("评标专家内部讨论记录", "process_info")]


def consulted(application: Application, actors, opinion: str) -> Application:  # type: ignore[no-untyped-def]
    services.start_consultation(
        actor=actors["clerk"], application=application, on=D(2025, 3, 4), today=D(2025, 3, 4),
        kind="third_party", party="平顶山某建材有限公司",
    )  # fmt: skip
    services.end_consultation(
        actor=actors["clerk"], application=Application.objects.get(pk=application.pk),
        on=D(2025, 3, 4), today=D(2025, 3, 4), opinion=opinion,
    )  # fmt: skip
    return Application.objects.get(pk=application.pk)


def test_it_names_the_ground_of_each_withheld_part(submit, actors, cast) -> None:
    application = consulted(in_progress(submit, actors, cast), actors, "不同意公开报价")
    letter = signed(application, actors, "partial", reason="部分内容依法不予公开", withheld=ROWS)
    text = text_of(letter)
    assert "不予公开的部分及理由：" in text
    assert "（一）投标人报价明细：涉及第三方商业秘密，公开会对第三方合法权益造成损害，" in text
    assert (
        "（二）评标专家内部讨论记录：属于讨论记录、过程稿、磋商信函、请示报告等过程性信息，" in text
    )
    assert (
        "第三十二条书面征求第三方（平顶山某建材有限公司）的意见，第三方的意见为：不同意公开报价。"
        in text
    )
    assert (
        "依据：《中华人民共和国政府信息公开条例》第十五条、第十六条第二款、第三十二条、第三十七条。"
        in text
    )


def test_it_refuses_a_withheld_part_without_a_ground_from_the_list(submit, actors, cast) -> None:
    application = in_progress(submit, actors, cast)
    with pytest.raises(CaseError) as refused:
        services.submit_draft(
            actor=actors["clerk"], application=application, on=D(2025, 3, 4),
            today=D(2025, 3, 4), disposition="partial", reason="涉及隐私",
            withheld=[("联系电话", "")],
        )  # fmt: skip
    assert "须从列表中选择不予公开的理由" in refused.value.message
    with pytest.raises(CaseError) as refused:
        services.submit_draft(
            actor=actors["clerk"], application=application, on=D(2025, 3, 4),
            today=D(2025, 3, 4), disposition="partial", reason="涉及隐私",
        )  # fmt: skip
    assert "逐项写明不予公开的部分" in refused.value.message


def test_it_cites_the_consultation_in_a_third_party_refusal(submit, actors, cast) -> None:
    application = consulted(in_progress(submit, actors, cast), actors, "")
    text = text_of(signed(application, actors, "third_party", reason="涉及商业秘密"))
    assert "第三方逾期未提出意见，由本机关依照条例的规定作出决定。" in text


def test_it_offers_the_grounds_and_warns_of_a_missing_consultation(
    submit, actors, cast, login_as
) -> None:
    application = in_progress(submit, actors, cast)
    clerk = login_as("jiaoyu_clerk")
    page = clerk.get(reverse("cases:detail", args=[application.pk])).content.decode()
    assert 'name="withheld_ground"' in page and "第三方商业秘密（第十五条）" in page
    checked = clerk.post(
        reverse("cases:act", args=[application.pk, "check_draft"]),
        {"disposition": "partial", "reason": "涉及隐私", "withheld_part": ["联系电话", ""],
         "withheld_ground": ["privacy", ""]},
    ).content.decode()  # fmt: skip
    assert "条例第三十二条要求书面征求第三方意见" in checked
    assert "（一）联系电话：涉及第三方个人隐私" in checked  # the preview
    submitted = clerk.post(
        reverse("cases:act", args=[application.pk, "submit_draft"]),
        {"disposition": "partial", "reason": "涉及隐私", "withheld_part": ["联系电话", ""],
         "withheld_ground": ["privacy", ""], "on": "2025-03-04"},
    )  # fmt: skip
    assert submitted.status_code == 302
    stored = Application.objects.get(pk=application.pk)
    assert stored.withheld_grounds == [{"part": "联系电话", "ground": "privacy"}]
