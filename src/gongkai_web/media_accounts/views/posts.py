"""Posts: drafting, the three reviews and three checks, publication, the approval form."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.publishing.wordcheck import segments
from gongkai.workflow.sheet import Sheet, cn_moment, sheet_docx
from gongkai_web.audit.services import actor_from_request
from gongkai_web.media_accounts import forms, permissions, services
from gongkai_web.media_accounts.models import Post
from gongkai_web.media_accounts.views._common import (
    DOCX,
    _account,
    _download,
)
from gongkai_web.media_accounts.workflow import POST
from gongkai_web.organizations.permissions import business_role_required
from gongkai_web.publishing.selectors import matcher_for
from gongkai_web.workflow import selectors as workflow_selectors
from gongkai_web.workflow.kinds import person_name
from gongkai_web.workflow.selectors import sheet_steps


@business_role_required
def post_new(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权为该账号登记信息")
    form = forms.PostForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actor = actor_from_request(request, agency=account.agency)
        try:
            # 保存草稿并送审: drafted and submitted for 三审三校 in one transaction.
            with transaction.atomic():
                post = services.draft_post(actor=actor, account=account, **form.cleaned_data)
                post = services.submit_post(actor=actor, post=post)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            return redirect("media_accounts:post", post_id=post.pk)
    return render(request, "media_accounts/post_new.html", {"account": account, "form": form})


@business_role_required
def post_edit(request: HttpRequest, post_id: int) -> HttpResponse:
    """修改并重新送审: a draft (sent back or recalled) changed and submitted again."""
    post = _post(request, post_id)
    if not permissions.can_operate(request.user, post.account.agency):
        raise PermissionDenied("您无权修改该信息")
    initial = {"title": post.title, "body": post.body}
    form = forms.PostEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        actor = actor_from_request(request, agency=post.account.agency)
        try:
            with transaction.atomic():
                post = services.update_post(actor=actor, post=post, **form.cleaned_data)
                post = services.submit_post(actor=actor, post=post)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "已修改并重新送审。")
            return redirect("media_accounts:post", post_id=post.pk)
    context = {"account": post.account, "form": form, "post": post}
    return render(request, "media_accounts/post_new.html", context)


def _post(request: HttpRequest, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("account__agency"), pk=post_id)
    if not permissions.can_see(request.user, post.account.agency):
        raise PermissionDenied("您无权查看该信息")
    return post


@business_role_required
def post_detail(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    matcher = matcher_for(post.account.agency)  # the catalogue's 错敏词 dictionary, shared
    title_hits = matcher.find(post.title)
    body_hits = matcher.find(post.body)
    context = {
        "post": post,
        "hits": title_hits + body_hits,
        "title_pieces": segments(post.title, title_hits),
        "body_pieces": segments(post.body, body_hits),
        "personal_hits": POST.personal(post),
        "panel": workflow_selectors.panel(POST, post, request.user),
    }
    return render(request, "media_accounts/post_detail.html", context)


@business_role_required
def post_form_docx(request: HttpRequest, post_id: int) -> HttpResponse:
    post = _post(request, post_id)
    data = sheet_docx(approval_sheet(post))
    return _download(data, f"信息发布审核表-{post.pk}.docx", DOCX)


def approval_sheet(post: Post) -> Sheet:
    """The 政务新媒体信息发布审核表 from the post's event rows (the catalogue's builder)."""
    drafter = post.drafted_by
    steps, acknowledged = sheet_steps(POST, post)
    published = cn_moment(post.published_at) if post.published_at else "（尚未发布）"
    return Sheet(
        title="政务新媒体信息发布审核表",
        agency=post.account.agency.name,
        fields=(
            ("单位", post.account.agency.name),
            ("发布账号", f"{post.account.name}（{post.account.platform_label}）"),
            ("标题", post.title),
            ("拟稿人", f"{person_name(drafter) if drafter else '—'}  {cn_moment(post.drafted_at)}"),
        ),
        steps=steps,
        acknowledged=acknowledged,
        footer=(("发布时间", published),),
        made_on=post.drafted_at.date(),
    )
