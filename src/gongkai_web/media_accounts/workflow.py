"""The new-media post as a kind of reviewed record (table: gongkai.workflow.tables.media_post).

Its gate: the 错敏词 of the title and text, each hit changed or acknowledged this round. The
sixth signature makes the post ready; publication records the time and the link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse

from gongkai.workflow.lifecycle import Move, Outcome, Refused
from gongkai.workflow.tables.media_post import MEDIA_POST, PostAction, PostState
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.media_accounts.models import Post, PostEvent
from gongkai_web.organizations.models import Agency
from gongkai_web.workflow.kinds import Field, Inputs, TextGated, register
from gongkai_web.workflow.models import Event


class PostKind(TextGated):
    lifecycle = MEDIA_POST
    model = Post
    event_model = PostEvent
    round_field = "round"
    author_field = "drafted_by"
    related = ("account__agency",)
    audit_prefix = "media_post"
    agency_path = "account__agency"
    waits = frozenset({PostAction.SUBMIT.value, PostAction.PUBLISH.value})

    def agency(self, record: Any) -> Agency:
        agency: Agency = record.account.agency
        return agency

    def url(self, record: Any) -> str:
        return reverse("media_accounts:post", args=[record.pk])

    def title(self, record: Any) -> str:
        return f"《{record.title}》"

    def texts(self, record: Any) -> list[tuple[str, str]]:
        return [("标题", record.title), ("正文", record.body)]

    def fields(self, move: Move[Any, Any]) -> list[Field]:
        if move.action is PostAction.PUBLISH:
            return [Field("link", "发布链接（选填）", required=False)]
        return []

    def check_inputs(self, record: Any, move: Move[Any, Any], inputs: Inputs,
                     round_events: Sequence[Event]) -> None:  # fmt: skip
        super().check_inputs(record, move, inputs, round_events)
        link = str(inputs.data.get("link", "")).strip()
        if link:
            try:
                URLValidator(schemes=["http", "https"])(link)
            except ValidationError:
                raise Refused("发布链接须是以 http:// 或 https:// 开头的网址") from None

    def before_save(self, record: Any, outcome: Outcome[Any, Any], inputs: Inputs,
                    actor: audit.Actor, now: dt.datetime) -> dict[str, Any]:  # fmt: skip
        record.review_complete = outcome.after in (PostState.READY, PostState.PUBLISHED)
        if outcome.move.action is PostAction.PUBLISH:
            # The matrix reads its time through its clock (patrols count from it).
            record.published_at = inputs.at or clock.now()
            link = str(inputs.data.get("link", "")).strip()
            if link:
                record.link = link
            return {"published_at": record.published_at, "link": record.link}
        return {}


POST = register(PostKind())
