"""Posts: drafting, the three reviews and three checks, publication, the approval form."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from gongkai.media import documents
from gongkai.media.review import ALL_STAGES, Stage, missing, signable
from gongkai.publishing.wordcheck import segments
from gongkai_web.audit.services import actor_from_request
from gongkai_web.media_accounts import clock, forms, permissions, selectors, services
from gongkai_web.media_accounts.models import (
    Post,
    PostStatus,
    ReviewStep,
)
from gongkai_web.media_accounts.views._common import (
    DOCX,
    _account,
    _download,
    _errors,
)
from gongkai_web.organizations.permissions import business_role_required
from gongkai_web.publishing.selectors import matcher_for


@business_role_required
def post_new(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权为该账号登记信息")
    form = forms.PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            post = services.draft_post(
                actor=actor_from_request(request, agency=account.agency),
                account=account,
                **form.cleaned_data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("media_accounts:post", post_id=post.pk)
    return render(request, "media_accounts/post_new.html", {"account": account, "form": form})


def _post(request: HttpRequest, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("account__agency"), pk=post_id)
    if not permissions.can_see(request.user, post.account.agency):
        raise PermissionDenied("您无权查看该信息")
    return post


@business_role_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    agency = post.account.agency
    matcher = matcher_for(agency)  # the catalogue's 错敏词 dictionary, shared
    title_hits = matcher.find(post.title)
    body_hits = matcher.find(post.body)
    hits = title_hits + body_hits
    signed = selectors.signatures(post)
    next_stages = [s for s in signable(signed) if permissions.can_sign(request.user, agency, s)]
    context = {
        "post": post,
        "hits": hits,
        "title_pieces": segments(post.title, title_hits),
        "body_pieces": segments(post.body, body_hits),
        "steps": ReviewStep.objects.filter(post=post).order_by("round", "at"),
        "signed": {s.stage.value: s for s in signed},
        "stages": ALL_STAGES,
        "missing": [s.label for s in missing(signed)],
        "next_stages": next_stages if post.status == PostStatus.DRAFT else [],
        "can_return": post.status != PostStatus.PUBLISHED
        and any(permissions.can_sign(request.user, agency, s) for s in ALL_STAGES[:3]),
        "can_publish": post.status == PostStatus.READY
        and permissions.can_operate(request.user, agency),
    }
    return render(request, "media_accounts/post_detail.html", context)


@require_POST
@business_role_required
def post_sign(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    try:
        stage = Stage(request.POST.get("stage", ""))
    except ValueError:
        messages.error(request, "请选择要签署的环节")
        return redirect("media_accounts:post", post_id=post.pk)
    try:
        services.sign(
            actor=actor_from_request(request, agency=post.account.agency),
            post=post,
            stage=stage,
            opinion=request.POST.get("opinion", "").strip() or "同意",
            at=clock.now(),
        )
        messages.success(request, f"已签署{stage.label}。")
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("media_accounts:post", post_id=post.pk)


@require_POST
@business_role_required
def post_return(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    try:
        services.return_post(
            actor=actor_from_request(request, agency=post.account.agency),
            post=post,
            opinion=request.POST.get("opinion", ""),
        )
        messages.success(request, "已退回修改，重新开始三审三校。")
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("media_accounts:post", post_id=post.pk)


@require_POST
@business_role_required
def post_publish(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    try:
        services.publish(
            actor=actor_from_request(request, agency=post.account.agency),
            post=post,
            link=request.POST.get("link", "").strip(),
            at=clock.now(),
        )
        messages.success(request, "已标记为已发布。")
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    return redirect("media_accounts:post", post_id=post.pk)


@business_role_required
def post_form_docx(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    drafter = post.drafted_by
    form = documents.ApprovalForm(
        agency=post.account.agency.name,
        account=post.account.name,
        platform=post.account.platform_label,
        title=post.title,
        drafter=(drafter.get_full_name() or drafter.get_username()) if drafter else "—",
        drafted_at=post.drafted_at,
        signatures=[
            s.__class__(s.stage, s.person, s.name, timezone_local(s.at), s.opinion)
            for s in selectors.signatures(post)
        ],
        published_at=timezone_local(post.published_at) if post.published_at else None,
    )
    return _download(documents.approval_form_docx(form), f"信息发布审核表-{post.pk}.docx", DOCX)


def timezone_local(moment: dt.datetime) -> dt.datetime:
    return timezone.localtime(moment)
