import pytest

from gongkai_web.media_accounts import services

from .fixtures import actor


@pytest.fixture
def draft(cast, account):
    return services.draft_post(
        actor=actor(cast.user("jiaoyu_clerk")), account=account, title="通知", body="正文"
    )


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("jiaoyu_clerk", 200),
        ("xinhua_supervisor", 200),
        ("caizheng_clerk", 403),
        ("auditor", 403),
        ("sysadmin", 403),
    ],
)
def test_it_shows_the_bureau_s_matrix_only_to_its_staff_and_supervisors(
    login_as, bureau, account, username, status
):
    assert login_as(username).get(f"/media/?agency={bureau.pk}").status_code == status


def test_it_sends_an_anonymous_visitor_to_the_login_page(client, account):
    response = client.get("/media/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_hides_a_post_from_another_agency(login_as, draft):
    assert login_as("caizheng_clerk").get(f"/media/posts/{draft.pk}/").status_code == 403
    assert login_as("jiaoyu_reviewer").get(f"/media/posts/{draft.pk}/").status_code == 200


def test_it_lets_only_a_supervisor_run_patrols_and_issue_bulletins(login_as, bureau, account):
    on = {"agency": bureau.pk, "on": "2024-06-30", "kind": "daily"}
    assert login_as("jiaoyu_clerk").post("/media/patrols/", on).status_code == 403
    assert login_as("xinhua_supervisor").post("/media/patrols/", on).status_code == 302
    form = {
        "agency": bureau.pk,
        "year": 2024,
        "quarter": 1,
        "issued_on": "2024-04-08",
        "deadline": "2024-04-30",
        "recipients": "各单位",
        "number": "新区通〔2024〕1号",
    }
    assert login_as("jiaoyu_leader").post("/media/bulletins/", form).status_code == 403
    assert login_as("xinhua_supervisor").post("/media/bulletins/", form).status_code == 302


def test_it_refuses_a_sign_by_the_wrong_role_with_a_message(login_as, cast, draft):
    from gongkai_web.media_accounts import services
    from gongkai_web.media_accounts.tests.fixtures import actor

    services.submit_post(actor=actor(cast.user("jiaoyu_clerk")), post=draft)
    client = login_as("jiaoyu_clerk")
    response = client.post(f"/workflow/media_post/{draft.pk}/", {"action": "review3"}, follow=True)
    assert "终审须由初审人、复审人以外的分管领导办理" in response.content.decode()
    # Another agency's clerk does not even see the post.
    other = login_as("caizheng_clerk").post(
        f"/workflow/media_post/{draft.pk}/", {"action": "review3"}
    )
    assert other.status_code == 403


def test_it_lets_the_clerk_register_an_account_through_the_form(login_as, bureau, account):
    response = login_as("jiaoyu_clerk").post(
        f"/media/accounts/new/?agency={bureau.pk}",
        {
            "platform": "wechat",
            "name": "新华教育服务号",
            "opened_on": "2024-01-02",
            "verification": "none",
        },
        follow=True,
    )
    page = response.content.decode()
    assert "已登记" in page and "原则上一个单位在同一平台只开设一个账号" in page


def test_it_does_not_let_a_clerk_register_for_a_school(login_as, cast):
    school = cast.agency("新华区实验小学")
    assert (
        login_as("jiaoyu_clerk").get(f"/media/accounts/new/?agency={school.pk}").status_code == 403
    )
