"""The 错敏词 dictionary: the system administrator keeps the shared words, an agency's reviewers
and leaders keep its own; everyone with a publishing role reads both."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gongkai_web.audit.models import AuditEntry
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.publishing import services
from gongkai_web.publishing.models import SensitiveWord

URL = "/publishing/words/"


def add(prefix: str, word: str, kind: str = "wrong", suggestion: str = "") -> dict[str, str]:
    return {
        "scope": "global" if prefix == "g" else "agency",
        f"{prefix}-word": word,
        f"{prefix}-kind": kind,
        f"{prefix}-suggestion": suggestion,
    }


def test_it_lets_the_system_administrator_add_edit_and_delete_shared_words(cast, login_as):
    client = login_as("sysadmin")
    assert client.get(URL).status_code == 200

    page = client.post(URL, add("g", "国家教委", "obsolete", "教育部"), follow=True)

    assert "“国家教委”已加入词库" in page.content.decode()
    word = SensitiveWord.objects.get(word="国家教委")
    assert word.agency is None and word.suggestion == "教育部"
    edit = f"/publishing/words/{word.pk}/edit/"
    assert client.get(edit).status_code == 200
    client.post(edit, {"kind": "wrong", "suggestion": "中华人民共和国教育部"})
    word.refresh_from_db()
    assert (word.kind, word.suggestion) == ("wrong", "中华人民共和国教育部")
    client.post(f"/publishing/words/{word.pk}/delete/")
    assert not SensitiveWord.objects.filter(word="国家教委").exists()
    actions = list(
        AuditEntry.objects.filter(action__startswith="wordcheck.")
        .order_by("pk")
        .values_list("action", "actor__username", "role")
    )
    assert actions == [
        ("wordcheck.added", "sysadmin", "sysadmin"),
        ("wordcheck.edited", "sysadmin", "sysadmin"),
        ("wordcheck.deleted", "sysadmin", "sysadmin"),
    ]


def test_it_lets_an_agency_reviewer_keep_its_own_words_but_not_the_shared_ones(desk, login_as):
    shared = services.add_sensitive_word(actor=SYSTEM, word="绝密", kind="sensitive")
    client = login_as("jiaoyu_reviewer")

    client.post(
        URL, {"agency": desk.agency.pk, **add("a", "新华区教体局", "wrong", "新华区教育局")}
    )

    own = SensitiveWord.objects.get(word="新华区教体局")
    assert own.agency == desk.agency
    page = client.get(URL).content.decode()
    assert f"/publishing/words/{own.pk}/edit/" in page
    assert f"/publishing/words/{shared.pk}/edit/" not in page and "绝密" in page
    assert client.post(URL, add("g", "机密", "sensitive")).status_code == 403
    assert client.post(f"/publishing/words/{shared.pk}/edit/", {"kind": "wrong"}).status_code == 403
    assert client.post(f"/publishing/words/{shared.pk}/delete/").status_code == 403
    assert SensitiveWord.objects.filter(agency=None).count() == 1

    client.post(
        f"/publishing/words/{own.pk}/edit/", {"kind": "obsolete", "suggestion": "新华区教育局"}
    )
    own.refresh_from_db()
    assert own.kind == "obsolete"
    client.post(f"/publishing/words/{own.pk}/delete/")
    assert not SensitiveWord.objects.filter(pk=own.pk).exists()


@pytest.mark.parametrize("username", ["jiaoyu_clerk", "caizheng_clerk"])
def test_it_refuses_a_clerk_or_another_agency(desk, login_as, username):
    own = services.add_sensitive_word(
        actor=desk.actor("jiaoyu_leader"), agency=desk.agency, word="教体局", kind="wrong",
        suggestion="教育局",
    )  # fmt: skip
    client = login_as(username)
    assert client.get(URL).status_code == 200
    refused = client.post(URL, {"agency": desk.agency.pk, **add("a", "某词", "sensitive")})
    assert refused.status_code == 403
    assert (
        client.post(f"/publishing/words/{own.pk}/edit/", {"kind": "sensitive"}).status_code == 403
    )
    assert client.post(f"/publishing/words/{own.pk}/delete/").status_code == 403
    assert list(SensitiveWord.objects.values_list("word", flat=True)) == ["教体局"]


@pytest.mark.parametrize("username", ["auditor", "secadmin"])
def test_it_keeps_the_other_administrators_out(cast, login_as, username):
    client = login_as(username)
    assert client.get(URL).status_code == 403
    assert client.post(URL, add("g", "机密", "sensitive")).status_code == 403
    assert not SensitiveWord.objects.exists()


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, cast):
    assert client.get(URL).status_code == 302
    assert client.post(URL, add("g", "机密", "sensitive")).status_code == 302


def test_it_shows_what_is_wrong_with_a_word_on_the_page(cast, login_as):
    services.add_sensitive_word(actor=SYSTEM, word="绝密", kind="sensitive")
    client = login_as("sysadmin")
    page = client.post(URL, add("g", "国务院办", "wrong", "")).content.decode()
    assert "错误表述和过时名称须给出建议用语" in page
    page = client.post(URL, add("g", "绝密", "sensitive")).content.decode()
    assert "“绝密”已在全部机关通用的词库中" in page
    assert SensitiveWord.objects.count() == 1


def test_it_refuses_in_the_service_too(desk):
    reviewer = desk.actor("jiaoyu_reviewer")
    with pytest.raises(PermissionDenied, match="由系统管理员维护"):
        services.add_sensitive_word(actor=reviewer, word="机密", kind="sensitive")
    clerk = Actor(user=desk.cast.user("jiaoyu_clerk"), agency=desk.agency)
    with pytest.raises(PermissionDenied, match="由本机关的审核人或分管领导维护"):
        services.add_sensitive_word(actor=clerk, agency=desk.agency, word="机密", kind="sensitive")
    with pytest.raises(ValidationError):
        services.add_sensitive_word(actor=reviewer, agency=desk.agency, word="甲", kind="unknown")


def test_it_checks_an_entry_with_the_agencys_words_and_the_shared_ones(desk):
    services.add_sensitive_word(actor=SYSTEM, word="绝密", kind="sensitive")
    services.add_sensitive_word(
        actor=desk.actor("jiaoyu_reviewer"), agency=desk.agency, word="教体局", kind="wrong",
        suggestion="教育局",
    )  # fmt: skip
    from gongkai_web.publishing import selectors

    hits = selectors.matcher_for(desk.agency).find("教体局的绝密文件")
    assert [h.word for h in hits] == ["教体局", "绝密"]


def test_it_takes_the_system_administrator_from_the_publishing_link_to_the_words(cast, login_as):
    response = login_as("sysadmin").get("/publishing/")
    assert response.status_code == 302 and response["Location"] == URL
    assert login_as("auditor").get("/publishing/").status_code == 403


def test_it_lets_the_database_refuse_a_shared_word_entered_twice_at_once(cast) -> None:
    from django.db import IntegrityError, transaction

    SensitiveWord.objects.create(agency=None, word="某某委员会", kind="sensitive")
    # What a second request racing past the service's check would write.
    with pytest.raises(IntegrityError), transaction.atomic():
        SensitiveWord.objects.create(agency=None, word="某某委员会", kind="sensitive")
