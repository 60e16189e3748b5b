"""Writes to the account registry, posts and their 三审三校 record: checked, transactional,
audited. Patrols, sweeps, bulletins and rectification are in inspection.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from gongkai.media import review
from gongkai.media.imports import ImportedPost, ImportRejected, RowError
from gongkai.media.lifecycle import AccountState, FilingEvent, TransitionError, next_state
from gongkai.media.review import ReviewRuleError, Signature, Stage
from gongkai.publishing.wordcheck import Hit
from gongkai_web.audit import services as audit
from gongkai_web.media_accounts import permissions, selectors
from gongkai_web.media_accounts.models import (
    Filing,
    MediaAccount,
    Platform,
    Post,
    PostSource,
    PostStatus,
    ReviewStep,
)
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.selectors import matcher_for

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
        recorded_at=timezone.now(),
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
    *, actor: audit.Actor, account: MediaAccount, title: str, body: str, link: str = ""
) -> Post:
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
            drafted_at=timezone.now(),
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


def sign(
    *,
    actor: audit.Actor,
    post: Post,
    stage: Stage,
    opinion: str = "",
    at: dt.datetime | None = None,
) -> ReviewStep:
    """Sign one step of 三审三校; the sixth signature makes the post ready to publish."""
    user = actor.user
    agency = post.account.agency
    if user is None or not permissions.can_sign(user, agency, stage):
        raise PermissionDenied(f"您在{agency.name}没有签署{stage.label}的角色")
    name = user.get_full_name() or user.get_username()  # type: ignore[attr-defined]
    with transaction.atomic():
        locked = Post.objects.select_for_update().select_related("account__agency").get(pk=post.pk)
        if locked.status != PostStatus.DRAFT:
            raise ValidationError(f"该信息{locked.get_status_display()}，不能再签署")
        moment = at or timezone.now()
        new = Signature(stage, selectors.person_key(user.pk, name), name, moment, opinion)
        done = selectors.signatures(locked)
        try:
            review.check(done, new)
        except ReviewRuleError as exc:
            raise ValidationError(str(exc)) from None
        step = ReviewStep.objects.create(
            post=locked,
            round=locked.round,
            stage=stage,
            user=user,
            signer=name,
            at=moment,
            opinion=opinion,
        )
        if review.is_complete([*done, new]):
            locked.status = PostStatus.READY
            locked.review_complete = True
            locked.save(update_fields=["status", "review_complete"])
        audit.record(
            actor=actor,
            action="media_post.signed",
            obj=locked,
            agency=agency,
            changes={"stage": stage.value, "opinion": opinion, "round": locked.round},
            at=moment if at else None,
        )
    return step


def return_post(*, actor: audit.Actor, post: Post, opinion: str) -> Post:
    """退回: the signatures so far stay on record; the next round starts from 初审."""
    agency = post.account.agency
    if actor.user is None or not any(
        permissions.can_sign(actor.user, agency, stage) for stage in review.REVIEWS
    ):
        raise PermissionDenied("只有审核人员可以退回")
    if not opinion.strip():
        raise ValidationError("退回时请写明意见")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status == PostStatus.PUBLISHED:
            raise ValidationError("已发布的信息不能退回")
        locked.round += 1
        locked.status = PostStatus.DRAFT
        locked.review_complete = False
        locked.save(update_fields=["round", "status", "review_complete"])
        audit.record(
            actor=actor,
            action="media_post.returned",
            obj=locked,
            agency=agency,
            changes={"opinion": opinion, "round": locked.round},
        )
    return locked


def publish(
    *, actor: audit.Actor, post: Post, link: str = "", at: dt.datetime | None = None
) -> Post:
    """Mark published. Refused until all six steps are signed (先审后发)."""
    agency = post.account.agency
    if actor.user is not None and not permissions.can_operate(actor.user, agency):
        raise PermissionDenied(f"您无权为{agency.name}发布信息")
    with transaction.atomic():
        locked = Post.objects.select_for_update().get(pk=post.pk)
        if locked.status != PostStatus.READY:
            missing = "、".join(s.label for s in review.missing(selectors.signatures(locked)))
            raise ValidationError(f"三审三校未完成（尚缺：{missing or '无'}），不能发布")
        locked.status = PostStatus.PUBLISHED
        locked.published_at = at or timezone.now()
        if link:
            locked.link = link
        locked.review_complete = review.is_complete(
            selectors.signatures(locked), locked.published_at
        )
        locked.full_clean()
        locked.save()
        audit.record(
            actor=actor,
            action="media_post.published",
            obj=locked,
            agency=agency,
            changes={"published_at": locked.published_at, "link": locked.link},
        )
    return locked


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
    now = timezone.now()
    with transaction.atomic():
        created = Post.objects.bulk_create(
            Post(
                account=account,
                title=p.title,
                body=p.body,
                link=p.link,
                status=PostStatus.PUBLISHED,
                source=source,
                published_at=p.published_at,
                review_complete=False,
                drafted_by=_user(actor),
                drafted_at=now,
            )
            for p in posts
        )
        audit.record(
            actor=actor,
            action="media_post.imported",
            obj=account,
            agency=account.agency,
            changes={"source": source, "rows": len(created)},
        )
    return created
