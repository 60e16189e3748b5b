import datetime as dt
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai_web.publishing import services
from gongkai_web.publishing.models import Entry, Status
from gongkai_web.publishing.tests.conftest import CLEAR


def test_it_numbers_each_year_from_one_and_never_reuses_a_number(desk, make_published):
    first = make_published(on=dt.date(2024, 3, 1), formed_on=dt.date(2024, 3, 1))
    second = make_published(on=dt.date(2024, 3, 2), formed_on=dt.date(2024, 3, 1))
    services.withdraw(actor=desk.actor("jiaoyu_clerk"), entry=second, reason="重复发布")
    third = make_published(on=dt.date(2024, 3, 3), formed_on=dt.date(2024, 3, 1))
    next_year = make_published(on=dt.date(2025, 1, 2), formed_on=dt.date(2025, 1, 2))

    code = desk.agency.credit_code
    assert [first.index_number, third.index_number, next_year.index_number] == [
        f"{code}/2024-00001",
        f"{code}/2024-00003",
        f"{code}/2025-00001",
    ]
    assert Entry.objects.get(pk=second.pk).index_number == f"{code}/2024-00002"


def test_it_uses_the_agency_template(desk, make_published):
    services.set_index_template(
        actor=desk.actor("jiaoyu_leader"),
        agency=desk.agency,
        text="{组织机构代码}-{YYYY}{MM}-{NNN}",
    )
    entry = make_published(on=dt.date(2024, 7, 9), formed_on=dt.date(2024, 7, 9))
    assert entry.index_number == f"{desk.agency.credit_code[8:17]}-202407-001"
    with pytest.raises(ValidationError):
        services.set_index_template(
            actor=desk.actor("jiaoyu_leader"), agency=desk.agency, text="{YYYY}-{NNN}"
        )


def _submitted_through_second_review(desk, count):
    from gongkai.publishing.review import Stage

    ready = []
    for n in range(count):
        entry = services.submit(
            actor=desk.actor("jiaoyu_clerk"), entry=desk.draft(title=f"并发发布 {n}")
        )
        for stage, who in (
            (Stage.SECRECY, "jiaoyu_reviewer"),
            (Stage.FIRST, "jiaoyu_editor"),
            (Stage.SECOND, "jiaoyu_reviewer"),
        ):
            entry = services.decide(
                actor=desk.actor(who), entry=entry, stage=stage, passed=True, opinion="同意",
                conclusion=CLEAR if stage is Stage.SECRECY else "",
            )  # fmt: skip
        ready.append(entry)
    return ready


@pytest.mark.django_db(transaction=True)
def test_it_gives_distinct_consecutive_numbers_to_concurrent_publishers(desk):
    from gongkai.publishing.review import Stage

    ready = _submitted_through_second_review(desk, 12)
    errors: list[BaseException] = []

    def final_review(entry):
        try:
            services.decide(
                actor=desk.actor("jiaoyu_leader"),
                entry=entry,
                stage=Stage.FINAL,
                passed=True,
                opinion="同意",
            )
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    if connection.vendor == "postgresql":
        # Real concurrency: each thread has its own connection and transaction.
        threads = [threading.Thread(target=final_review, args=(e,)) for e in ready]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    else:
        # SQLite serialises writers; the same code path runs one after another.
        for entry in ready:
            final_review(entry)

    assert errors == []
    numbers = sorted(
        Entry.objects.filter(status=Status.PUBLISHED).values_list("index_number", flat=True),
        key=str,
    )
    year = dt.date.today().year
    assert numbers == [f"{desk.agency.credit_code}/{year}-{n:05d}" for n in range(1, 13)]
