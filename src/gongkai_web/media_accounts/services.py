"""Writes to the account registry, posts and their 三审三校 record: checked, transactional,
audited. Patrols, sweeps, bulletins and rectification are in inspection.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from gongkai.media.imports import ImportedPost, ImportRejected, RowError
from gongkai.media.lifecycle import AccountState, FilingEvent, TransitionError, next_state
from gongkai.media.review import Stage
from gongkai.publishing.wordcheck import Hit
from gongkai.workflow.lifecycle import Refused
from gongkai.workflow.tables.media_post import PostAction
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.media_accounts import permissions
from gongkai_web.media_accounts.models import (
    Filing,
    MediaAccount,
    Platform,
    Post,
    PostSource,
    PostStatus,
)
from gongkai_web.media_accounts.workflow import POST
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.selectors import matcher_for
from gongkai_web.workflow import services as workflow
from gongkai_web.workflow.kinds import Inputs

REGISTRY_FIELDS = (
    "name",
    "handle",
    "platform_other",
    "supervisor",
    "responsible",
    "responsible_phone",
    "responsible_email",
    "operator",
    "operator_phone",
    "verification",
    "rss_url",
)


def _user(actor: audit.Actor) -> Any:
    return actor.user


def one_per_platform_warning(agency: Agency, platform: str, exclude: int | None = None) -> str:
    others = MediaAccount.objects.filter(agency=agency, platform=platform).exclude(
        state=AccountState.CLOSED
    )
    if exclude is not None:
        others = others.exclude(pk=exclude)
    names = "、".join(others.values_list("name", flat=True))
    if not names:
        return ""
    return (
        f"{agency.name}在{Platform(platform).label}已有账号“{names}”，"
        f"原则上一个单位在同一平台只开设一个账号，请确认确需新开设"
    )


def register_account(
    *,
    actor: audit.Actor,
    agency: Agency,
    platform: str,
    name: str,
    opened_on: dt.date,
    filing_no: str = "",
    **fields: Any,
) -> tuple[MediaAccount, list[str]]:
    """Open an account (开设) with its filing; returns it and any warnings."""
    unknown = set(fields) - set(REGISTRY_FIELDS)
    if unknown:
        raise TypeError(f"unknown account fields: {sorted(unknown)}")
    if actor.user is not None and not permissions.can_operate(actor.user, agency):
        raise PermissionDenied(f"您无权为{agency.name}登记政务新媒体账号")
    if platform not in Platform.values:
        raise ValidationError({"platform": f"未知的平台“{platform}”"})
    if not name.strip():
        raise ValidationError({"name": "请填写账号名称"})
    warning = one_per_platform_warning(agency, platform)
    with transaction.atomic():
        account = MediaAccount(
            agency=agency,
            platform=platform,
            name=name.strip(),
            opened_on=opened_on,
            filing_no=filing_no,
            state=next_state(None, FilingEvent.OPEN),
            **fields,
        )
        account.full_clean()
        account.save()
        _file(actor, account, FilingEvent.OPEN, opened_on, filing_no, "", {"name": account.name})
    return account, [warning] if warning else []


def _file(
    actor: audit.Actor,
    account: MediaAccount,
    event: FilingEvent,
    on: dt.date,
    filing_no: str,
    note: str,
    changes: dict[str, Any],
) -> Filing:
    filing = Filing.objects.create(
        account=account,
        event=event,
        on=on,
        filing_no=filing_no,
        note=note,
        changes=audit.jsonable(changes),
        recorded_by=_user(actor),
        recorded_at=clock.now(),
    )
    audit.record(
        actor=actor,
        action=f"media_account.{event.value}",
        obj=account,
        agency=account.agency,
        changes={"on": on, "filing_no": filing_no, "note": note, **changes},
    )
    return filing


def _step(account: MediaAccount, event: FilingEvent) -> AccountState:
    try:
        return next_state(AccountState(account.state), event)
    except TransitionError as exc:
        raise ValidationError(str(exc)) from None


def change_account(
    *,
    actor: audit.Actor,
    account: MediaAccount,
    on: dt.date,
    filing_no: str = "",
    note: str = "",
    **fields: Any,
) -> MediaAccount:
    """变更: registry fields change, filed with a date and a filing number."""
    unknown = set(fields) - set(REGISTRY_FIELDS)
    if unknown:
        raise TypeError(f"not changeable here: {sorted(unknown)}")
    if actor.user is not None and not permissions.can_operate(actor.user, account.agency):
        raise PermissionDenied(f"您无权变更{account.agency.name}的账号")
    with transaction.atomic():
        locked = MediaAccount.objects.select_for_update().get(pk=account.pk)
        state = _step(locked, FilingEvent.CHANGE)
        names = list(fields)
        before = audit.snapshot(locked, names)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.state = state
        if filing_no:
            locked.filing_no = filing_no
        locked.full_clean()
        locked.save()
        _file(
            actor,
            locked,
            FilingEvent.CHANGE,
            on,
            filing_no,
            note,
            audit.diff(before, audit.snapshot(locked, names)),
        )
    return locked


def close_account(
    *, actor: audit.Actor, account: MediaAccount, on: dt.date, filing_no: str = "", note: str = ""
) -> MediaAccount:
    """注销: the account leaves the matrix from the day after ``on``."""
    if actor.user is not None and not permissions.can_operate(actor.user, account.agency):
        raise PermissionDenied(f"您无权注销{account.agency.name}的账号")
    if on < account.opened_on:
        raise ValidationError(f"注销日期不能早于开设日期（{account.opened_on}）")
    with transaction.atomic():
        locked = MediaAccount.objects.select_for_update().get(pk=account.pk)
        locked.state = _step(locked, FilingEvent.CLOSE)
        locked.closed_on = on
        locked.save(update_fields=["state", "closed_on"])
        _file(actor, locked, FilingEvent.CLOSE, on, filing_no, note, {})
    return locked


# --- posts ----------------------------------------------------------------------------------


def wording_hits(post: Post) -> list[Hit]:
    """错敏词 in the draft, from the catalogue's dictionary (one dictionary, not a copy)."""
    return matcher_for(post.account.agency).find(f"{post.title}\n{post.body}")


def draft_post(
    *,
    actor: audit.Actor,
    account: MediaAccount,
    title: str,
    body: str,
    link: str = "",
    at: dt.datetime | None = None,
) -> Post:
    """A draft, to go through 三审三校. ``at``: when it was drafted, for records entered later."""
    if actor.user is not None and not permissions.can_operate(actor.user, account.agency):
        raise PermissionDenied(f"您无权为{account.agency.name}的账号登记信息")
    if not account.is_open:
        raise ValidationError("该账号已注销，不能再发布信息")
    with transaction.atomic():
        post = Post(
            account=account,
            title=title.strip(),
            body=body,
            link=link,
            status=PostStatus.DRAFT,
            source=PostSource.ENTERED,
            drafted_by=_user(actor),
            drafted_at=at or clock.now(),
        )
        post.full_clean()
        post.save()
        audit.record(
            actor=actor,
            action="media_post.drafted",
            obj=post,
            agency=account.agency,
            changes={"account": account.name, "title": post.title},
        )
    return post


def update_post(
    *, actor: audit.Actor, post: Post, title: str | None = None, body: str | None = None
) -> Post:
    """Change a draft (a new one, or one sent back or recalled); it is then submitted again."""
    if actor.user is not None and not permissions.can_operate(actor.user, post.account.agency):
        raise PermissionDenied(f"您无权修改{post.account.agency.name}账号的信息")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status != PostStatus.DRAFT:
            raise ValidationError(
                f"信息现为“{PostStatus(locked.status).label}”，只有草稿可以修改；"
                "审校中的信息请先撤回或由审核人退回"
            )
        before = {"title": locked.title, "body": locked.body}
        if title is not None:
            locked.title = title.strip()
        if body is not None:
            locked.body = body
        locked.full_clean()
        locked.save(update_fields=["title", "body"])
        audit.record(
            actor=actor,
            action="media_post.updated",
            obj=locked,
            agency=post.account.agency,
            changes={
                name: {"before": before[name], "after": getattr(locked, name)}
                for name in before
                if before[name] != getattr(locked, name)
            },
        )
    locked.account = post.account
    return locked


def _move(
    actor: audit.Actor,
    post: Post,
    action: PostAction,
    *,
    note: str = "",
    data: dict[str, Any] | None = None,
    at: dt.datetime | None = None,
    expected: int | None = None,
) -> Post:
    try:
        made = workflow.apply(
            POST, post, action, actor=actor, inputs=Inputs(note=note, data=data or {}, at=at),
            expected=expected,
        )  # fmt: skip
    except Refused as refused:
        raise ValidationError(refused.message) from None
    moved: Post = made.record
    return moved


def submit_post(
    *, actor: audit.Actor, post: Post, at: dt.datetime | None = None, expected: int | None = None
) -> Post:
    """提交审校: the round of 三审三校 starts."""
    return _move(actor, post, PostAction.SUBMIT, at=at, expected=expected)


def sign(
    *,
    actor: audit.Actor,
    post: Post,
    stage: Stage,
    opinion: str = "",
    at: dt.datetime | None = None,
    expected: int | None = None,
) -> Post:
    """Sign one step of 三审三校; the sixth signature makes the post ready to publish. ``at``
    records a signature given earlier on paper (the audit row keeps the real time)."""
    return _move(actor, post, PostAction(stage.value), note=opinion, at=at, expected=expected)


def move(
    *,
    actor: audit.Actor,
    post: Post,
    action: PostAction | str,
    note: str = "",
    expected: int | None = None,
    **data: Any,
) -> Post:
    """Any move of the post's table (退回, 撤回, 指定办理人, 确认错敏词 …) as a page makes it."""
    return _move(actor, post, PostAction(action), note=note, data=data, expected=expected)


def return_post(*, actor: audit.Actor, post: Post, opinion: str) -> Post:
    """退回: the signatures so far stay on record; the next submission starts a new round."""
    return _move(actor, post, PostAction.SEND_BACK, note=opinion)


def publish(
    *, actor: audit.Actor, post: Post, link: str = "", at: dt.datetime | None = None
) -> Post:
    """Mark published. Refused until all six steps are signed (先审后发)."""
    return _move(actor, post, PostAction.PUBLISH, data={"link": link} if link else {}, at=at)


def import_posts(
    *, actor: audit.Actor, account: MediaAccount, posts: list[ImportedPost], source: str
) -> list[Post]:
    """Posts already published elsewhere. They carry no 三审三校 record here, so they are
    flagged; rows already imported are refused, and nothing is written unless all rows pass."""
    if actor.user is not None and not permissions.can_operate(actor.user, account.agency):
        raise PermissionDenied(f"您无权为{account.agency.name}的账号导入信息")
    if source not in (PostSource.CSV, PostSource.XLSX, PostSource.RSS):
        raise ValueError(f"unknown import source {source!r}")
    existing = set(
        Post.objects.filter(
            account=account, published_at__in=[p.published_at for p in posts]
        ).values_list("title", "published_at")
    )
    errors = [
        RowError(p.row, f"《{p.title}》（{p.published_at:%Y-%m-%d %H:%M}）已登记，请勿重复导入")
        for p in posts
        if (p.title, p.published_at) in existing
    ]
    if errors:
        raise ImportRejected(errors)
    now = clock.now()
    drafts = [
        Post(
            account=account,
            title=p.title,
            body=p.body,
            link=p.link,
            status=PostStatus.DRAFT,
            source=source,
            published_at=p.published_at,
            review_complete=False,
            drafted_by=_user(actor),
            drafted_at=now,
        )
        for p in posts
    ]
    # The table's import move: 导入（系统外已发布）, each post with its event and audit row.
    created: list[Post] = workflow.enter(
        POST,
        drafts,
        PostAction.IMPORT,
        actor=actor,
        inputs=[Inputs(data={"source": source, "row": p.row}) for p in posts],
    )
    return created
