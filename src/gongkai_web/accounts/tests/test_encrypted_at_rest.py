"""身份证号 is SM4-encrypted in the database, shown masked, and each unmasked view is logged."""

from __future__ import annotations

from collections.abc import Callable

from django.db import connection
from django.test import Client
from django.urls import reverse

from gongkai_web.accounts import services
from gongkai_web.accounts.models import Profile
from gongkai_web.audit.models import AuditEntry
from gongkai_web.organizations.tests.cast import Cast

ID_NUMBER = "410402199003074569"  # jiaoyu_clerk's made-up number in the demo


def raw_column(user_id: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number FROM accounts_profile WHERE user_id = %s", [user_id])
        (raw,) = cursor.fetchone()
    return str(raw)


def test_the_raw_column_holds_no_id_number(cast: Cast) -> None:
    raw = raw_column(cast.user("jiaoyu_clerk").pk)
    assert raw.startswith("SM4GCM$1$")
    assert ID_NUMBER not in raw
    assert Profile.objects.get(user=cast.user("jiaoyu_clerk")).id_number == ID_NUMBER


def test_no_column_of_the_database_holds_it(cast: Cast) -> None:
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            columns = [
                c.name for c in connection.introspection.get_table_description(cursor, table)
            ]
            quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
            cursor.execute(f"SELECT {quoted} FROM {connection.ops.quote_name(table)}")
            for row in cursor.fetchall():
                assert not any(ID_NUMBER in str(value) for value in row), table


def test_it_finds_the_account_by_blind_index(cast: Cast) -> None:
    found = services.find_by_id_number(ID_NUMBER)
    assert found is not None and found.user.username == "jiaoyu_clerk"


def test_it_shows_the_number_masked(cast: Cast, login_as: Callable[[str], Client]) -> None:
    page = login_as("sysadmin").get(
        reverse("accounts:user_detail", kwargs={"user_id": cast.user("jiaoyu_clerk").pk})
    )
    text = page.content.decode()
    assert "4104**********4569" in text
    assert ID_NUMBER not in text


def test_it_logs_each_unmasked_view(cast: Cast, login_as: Callable[[str], Client]) -> None:
    clerk = cast.user("jiaoyu_clerk")
    url = reverse("accounts:user_reveal_id", kwargs={"user_id": clerk.pk})
    page = login_as("sysadmin").post(url, REMOTE_ADDR="10.1.2.3")
    assert ID_NUMBER in page.content.decode()
    entry = AuditEntry.objects.get(action="personal_info.id_number_viewed")
    assert (entry.actor_name, entry.object_id, entry.address) == (
        "sysadmin",
        str(clerk.pk),
        "10.1.2.3",
    )
