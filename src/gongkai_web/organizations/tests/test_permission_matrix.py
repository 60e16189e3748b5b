"""Every spine URL × every role × own / below / other agency, each expected answer listed.

Scopes are relative to the agency where the role was granted:
- own:   that agency (新华区教育局 for the bureau's staff, 新华区人民政府 for the others);
- below: a child of it (新华区电化教育馆, resp. 新华区教育局);
- other: an agency outside it (新华区财政局, resp. 平顶山市人民政府 above).
302 for the anonymous visitor is the redirect to the login page; Django's admin answers 302
(to its own login) for signed-in users it does not admit.
"""

from __future__ import annotations

from typing import NamedTuple

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai_web.organizations.tests.cast import Cast

ROLES = (
    "anonymous",
    "clerk",
    "reviewer",
    "leader",
    "supervisor",
    "sysadmin",
    "secadmin",
    "auditor",
)
USERNAMES = {
    "clerk": "jiaoyu_clerk",
    "reviewer": "jiaoyu_reviewer",
    "leader": "jiaoyu_leader",
    "supervisor": "xinhua_supervisor",
    "sysadmin": "sysadmin",
    "secadmin": "secadmin",
    "auditor": "auditor",
}
BUREAU = ("新华区教育局", "新华区电化教育馆", "新华区财政局")
DISTRICT = ("新华区人民政府", "新华区教育局", "平顶山市人民政府")
SCOPE_AGENCIES = {
    role: BUREAU if role in {"clerk", "reviewer", "leader"} else DISTRICT for role in ROLES
}


class Row(NamedTuple):
    url: str
    method: str
    scope: str  # "", "own", "below" or "other"
    expected: tuple[int, ...]  # in the order of ROLES


# fmt: off
MATRIX: tuple[Row, ...] = (
    #                                               anon clerk rev  lead  sup  sys  sec  aud
    Row("ui:home",                       "GET", "", (200, 200, 200, 200, 200, 200, 200, 200)),
    # The administrators hold no business records: the 待办 sends them on to the home page.
    Row("desk:index",                    "GET", "", (302, 200, 200, 200, 200, 302, 302, 302)),
    Row("desk:count",                    "GET", "", (302, 200, 200, 200, 200, 200, 200, 200)),
    Row("organizations:agency_list",     "GET", "", (302, 200, 200, 200, 200, 200, 200, 403)),
    Row("organizations:agency_detail",   "GET", "own",   (302, 200, 200, 200, 200, 200, 200, 403)),
    Row("organizations:agency_detail",   "GET", "below", (302, 403, 403, 403, 200, 200, 200, 403)),
    Row("organizations:agency_detail",   "GET", "other", (302, 403, 403, 403, 403, 200, 200, 403)),
    Row("organizations:agency_edit",     "GET", "own",   (302, 403, 403, 403, 200, 200, 403, 403)),
    Row("organizations:agency_edit",     "GET", "below", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("organizations:agency_edit",     "GET", "other", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("organizations:agency_create",   "GET", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("accounts:user_list",            "GET", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("accounts:user_create",          "GET", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("accounts:user_detail",          "GET", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("accounts:user_reveal_id",      "POST", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("accounts:user_unlock",         "POST", "", (302, 403, 403, 403, 403, 302, 403, 403)),
    Row("accounts:role_grants",          "GET", "", (302, 403, 403, 403, 403, 403, 200, 403)),
    Row("audit:log",                     "GET", "", (302, 403, 403, 403, 403, 403, 403, 200)),
    Row("audit:export_csv",              "GET", "", (302, 403, 403, 403, 403, 403, 403, 200)),
    Row("audit:export_xlsx",             "GET", "", (302, 403, 403, 403, 403, 403, 403, 200)),
    Row("audit:chain",                   "GET", "", (302, 403, 403, 403, 403, 403, 403, 200)),
    Row("operations:task_failures",      "GET", "", (302, 403, 403, 403, 403, 200, 403, 403)),
    Row("admin:index",                   "GET", "", (302, 302, 302, 302, 302, 200, 302, 302)),
    Row("password_change",               "GET", "", (302, 200, 200, 200, 200, 200, 200, 200)),
    Row("totp_enrol",                    "GET", "", (302, 200, 200, 200, 200, 200, 200, 200)),
)
# fmt: on

PLAIN_USER_URLS = {"accounts:user_list", "accounts:user_create"}

CASES = [
    pytest.param(row, role, status, id=f"{row.url}-{row.scope or 'any'}-{role}")
    for row in MATRIX
    for role, status in zip(ROLES, row.expected, strict=True)
]


def resolve(row: Row, role: str, cast: Cast) -> str:
    if row.scope:
        own, below, other = SCOPE_AGENCIES[role]
        name = {"own": own, "below": below, "other": other}[row.scope]
        return reverse(row.url, kwargs={"agency_id": cast.agency(name).pk})
    if row.url.startswith("accounts:user_") and row.url not in PLAIN_USER_URLS:
        return reverse(row.url, kwargs={"user_id": cast.user("jiaoyu_clerk").pk})
    return reverse(row.url)


@pytest.mark.parametrize(("row", "role", "status"), CASES)
def test_it_answers_each_role_as_the_matrix_says(
    row: Row, role: str, status: int, cast: Cast
) -> None:
    client = Client()
    if role != "anonymous":
        client.force_login(User.objects.get(username=USERNAMES[role]))
    url = resolve(row, role, cast)
    response = client.post(url) if row.method == "POST" else client.get(url)
    assert response.status_code == status, f"{row.method} {url} as {role}"
    if role == "anonymous" and status == 302:
        assert "login" in response["Location"]
