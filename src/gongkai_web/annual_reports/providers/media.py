"""Facts for the narrative from the new-media app: accounts open on 31 December, posts."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from gongkai_web.annual_reports.providers.cases import cutoff
from gongkai_web.annual_reports.providers.registry import Fact, Figure, Ref
from gongkai_web.media_accounts import selectors
from gongkai_web.media_accounts.models import Post, PostStatus
from gongkai_web.organizations.models import Agency


def facts(agency: Agency, year: int, as_of: dt.datetime) -> list[Fact]:
    day = min(dt.date(year, 12, 31), cutoff(as_of))
    accounts = selectors.open_accounts(agency, day).order_by("pk")
    account_refs = tuple(
        Ref(
            "media_accounts.mediaaccount",
            a.pk,
            a.name,
            reverse("media_accounts:account", args=[a.pk]),
        )
        for a in accounts
    )
    start = selectors.day_start(dt.date(year, 1, 1))
    end = min(selectors.day_start(dt.date(year + 1, 1, 1)), as_of)
    posts = (
        Post.objects.filter(
            account__agency__path__startswith=agency.path,
            status=PostStatus.PUBLISHED,
            published_at__gte=start,
            published_at__lt=end,
        )
        .order_by("published_at", "pk")
        .values_list("pk", "title")
    )
    post_refs = tuple(
        Ref("media_accounts.post", pk, title, reverse("media_accounts:post", args=[pk]))
        for pk, title in posts
    )
    matrix = reverse("media_accounts:matrix")
    return [
        Fact(
            "media.accounts_open",
            "政务新媒体账号（12月31日在运营）",
            "个",
            Figure(len(account_refs), account_refs),
            matrix,
        ),
        Fact(
            "media.posts", "政务新媒体本年发布信息", "条", Figure(len(post_refs), post_refs), matrix
        ),
    ]
