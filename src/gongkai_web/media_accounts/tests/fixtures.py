import datetime as dt

import pytest
from django.utils import timezone

from gongkai.media.imports import ImportedPost
from gongkai_web.audit.services import SYSTEM, Actor
from gongkai_web.media_accounts import demo, services
from gongkai_web.media_accounts.models import Platform, PostSource

# Words the tests' drafts contain, put in the catalogue's shared 错敏词 dictionary.
WORDS = (("截止目前", "wrong", "截至目前"), ("再接再励", "wrong", "再接再厉"))


@pytest.fixture(autouse=True)
def shared_dictionary(db):
    from gongkai_web.audit.services import SYSTEM
    from gongkai_web.publishing import services as publishing

    for word, kind, suggestion in WORDS:
        publishing.add_sensitive_word(actor=SYSTEM, word=word, kind=kind, suggestion=suggestion)


def actor(user, agency=None):
    return Actor(user=user, agency=agency)


@pytest.fixture
def bureau(cast):
    return cast.agency("新华区教育局")


@pytest.fixture
def account(cast, bureau):
    made, _ = services.register_account(
        actor=actor(cast.user("jiaoyu_clerk")),
        agency=bureau,
        platform=Platform.WECHAT,
        name="新华教育",
        opened_on=dt.date(2020, 1, 1),
        filing_no="BA-001",
        handle="gh_xhjy",
        responsible="赵领导",
        responsible_email="zhao@example.gov.cn",
        responsible_phone="13800000000",
        operator="王登记",
        verification="verified",
        supervisor=bureau.parent,
    )
    return made


def local(year, month, day, hour=10):
    return timezone.make_aware(dt.datetime(year, month, day, hour))


@pytest.fixture
def published(cast):
    """Posts already out, by date: make(account, date) adds one published that day, through
    三审三校 by the bureau's staff; ``complete=False``: imported from a CSV, with no record."""

    def make(target, day, title="工作动态", body="正文", complete=True):
        moment = local(day.year, day.month, day.day)
        if complete:
            people = demo.staff([target.agency])
            return demo.publish_through_review(target, title, body, moment, people)
        [post] = services.import_posts(
            actor=SYSTEM, account=target, posts=[ImportedPost(1, title, moment, body=body)],
            source=PostSource.CSV,
        )  # fmt: skip
        return post

    return make
