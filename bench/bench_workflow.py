"""A workflow move against what it must cost at least: a bare UPDATE plus the audit insert.

Issue 13's target: a move costs at most 2× ``UPDATE … SET status`` + ``audit.record`` in one
transaction, measured side by side on the same rows. Two moves are timed: 提交审校 (a plain
move: lock, table, state, event row, audit row) and 初审 of a new-media post (a signing move:
it also reads the round's events, checks the distinct-signer rules and the 错敏词 gate against
the agency's dictionary). Runs on a throw-away test database: SQLite in memory (a file with
GONGKAI_BENCH_SQLITE_FILE=path), or PostgreSQL when DATABASE_URL points to it.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

N = int(os.environ.get("GONGKAI_BENCH_MOVES", 400))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai_web.settings")
    import django

    django.setup()
    from django.db import connection

    old_name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite" and os.environ.get("GONGKAI_BENCH_SQLITE_FILE"):
        # A file, as `make demo` and a one-server install use (commits reach the disk).
        connection.settings_dict["TEST"]["NAME"] = os.environ["GONGKAI_BENCH_SQLITE_FILE"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        run(connection.vendor)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def _per_call(work: Callable[[int], object], count: int) -> list[float]:
    times = []
    for i in range(count):
        start = time.perf_counter()
        work(i)
        times.append(time.perf_counter() - start)
    return times


def run(vendor: str) -> None:
    import datetime as dt

    from django.contrib.auth.models import User
    from django.db import transaction

    from gongkai.media.review import Stage
    from gongkai.workflow.tables.media_post import PostAction, PostState
    from gongkai_web.audit import services as audit
    from gongkai_web.media_accounts import services
    from gongkai_web.media_accounts.models import Platform, Post
    from gongkai_web.media_accounts.workflow import POST
    from gongkai_web.organizations import demo as organizations_demo
    from gongkai_web.organizations.models import Agency
    from gongkai_web.publishing import services as publishing
    from gongkai_web.workflow import services as workflow

    organizations_demo.load()
    bureau = Agency.objects.get(name="新华区教育局")
    for word in ("截止目前", "再接再励", "绝密", "内部资料"):
        publishing.add_sensitive_word(actor=audit.SYSTEM, word=word, kind="sensitive")
    clerk = audit.Actor(user=User.objects.get(username="jiaoyu_clerk"))
    account, _ = services.register_account(
        actor=clerk, agency=bureau, platform=Platform.WECHAT, name="基准测试号",
        opened_on=dt.date(2020, 1, 1),
    )  # fmt: skip
    drafts = [
        services.draft_post(actor=clerk, account=account, title=f"工作动态 {i}", body="正文" * 200)
        for i in range(3 * N)
    ]
    plain, submitted, baseline_rows = drafts[:N], drafts[N : 2 * N], drafts[2 * N :]
    for post in submitted:
        services.submit_post(actor=clerk, post=post)

    def baseline(i: int) -> None:
        post = baseline_rows[i]
        with transaction.atomic():
            Post.objects.filter(pk=post.pk).update(status=PostState.IN_REVIEW)
            audit.record(
                actor=clerk, action="media_post.submit", obj=post, agency=bureau,
                changes={"state": {"before": "draft", "after": "in_review"}},
            )  # fmt: skip

    def submit(i: int) -> None:
        workflow.apply(POST, plain[i], PostAction.SUBMIT, actor=clerk)

    def sign(i: int) -> None:
        workflow.apply(POST, submitted[i], Stage.FIRST_REVIEW.value, actor=clerk)

    base = _per_call(baseline, N)
    moves = _per_call(submit, N)
    signs = _per_call(sign, N)
    med = statistics.median
    b = med(base)
    print(f"database: {vendor}; {N} records each; median per operation")
    print(f"  baseline  UPDATE + audit.record          {b * 1000:7.2f} ms")
    print(f"  move      提交审校 (plain move)           {med(moves) * 1000:7.2f} ms  "
          f"{med(moves) / b:4.2f}×")  # fmt: skip
    print(f"  move      初审 (signing move, 错敏词 gate) {med(signs) * 1000:7.2f} ms  "
          f"{med(signs) / b:4.2f}×")  # fmt: skip
    assert Post.objects.filter(status=PostState.IN_REVIEW).count() == 3 * N
