"""The 错敏词 dictionary page: the words every agency shares (the system administrator's) and
the agency's own (its reviewers' and leaders'). Anyone with a publishing role reads both."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import has_role
from gongkai_web.publishing import forms, services
from gongkai_web.publishing.models import SensitiveWord
from gongkai_web.publishing.views import _actor, _agencies

GLOBAL = "global"


def _chosen(request: HttpRequest) -> Agency | None:
    mine = _agencies(request)
    is_sysadmin = has_role(request.user, Role.SYSADMIN)
    if not mine and not is_sysadmin:
        raise PermissionDenied("错敏词库由主动公开工作人员和系统管理员使用")
    wanted = request.GET.get("agency") or request.POST.get("agency")
    return next((a for a in mine if str(a.pk) == wanted), mine[0] if mine else None)


def _word_actor(request: HttpRequest, agency: Agency | None) -> audit.Actor:
    if agency is None:
        return audit.actor_from_request(request, role=Role.SYSADMIN)
    return _actor(request, agency)  # type: ignore[no-any-return]


def _back(agency: Agency | None) -> str:
    url = reverse("publishing:words")
    return f"{url}?{urlencode({'agency': agency.pk})}" if agency else url


def _require(request: HttpRequest, agency: Agency | None) -> None:
    if not services.may_maintain_words(request.user, agency):
        if agency is None:
            raise PermissionDenied("全部机关通用的错敏词由系统管理员维护")
        raise PermissionDenied(f"{agency.name}的错敏词由本机关的审核人或分管领导维护")


@login_required
def words(request: HttpRequest) -> HttpResponse:
    agency = _chosen(request)
    agency_form = forms.WordForm(prefix="a")
    global_form = forms.WordForm(prefix="g")
    if request.method == "POST":
        target = None if request.POST.get("scope") == GLOBAL else agency
        if target is None and request.POST.get("scope") != GLOBAL:
            raise PermissionDenied("您在任何机关都没有主动公开业务角色")
        _require(request, target)
        form = forms.WordForm(request.POST, prefix="g" if target is None else "a")
        if target is None:
            global_form = form
        else:
            agency_form = form
        if form.is_valid():
            try:
                services.add_sensitive_word(
                    actor=_word_actor(request, target), agency=target, **form.cleaned_data
                )
            except ValidationError as exc:
                for field, problems in exc.message_dict.items():
                    for problem in problems:
                        form.add_error(field if field in form.fields else None, problem)
            else:
                messages.success(request, f"“{form.cleaned_data['word'].strip()}”已加入词库。")
                return redirect(_back(agency))
    shared = SensitiveWord.objects.filter(agency=None).order_by("word", "pk")
    own = SensitiveWord.objects.filter(agency=agency).order_by("word", "pk") if agency else []
    return render(
        request,
        "publishing/office/words.html",
        {"agency": agency, "agencies": _agencies(request), "own": own, "shared": shared,
         "agency_form": agency_form, "global_form": global_form,
         "may_agency": agency is not None and services.may_maintain_words(request.user, agency),
         "may_global": services.may_maintain_words(request.user, None)},
    )  # fmt: skip


@login_required
def edit_word(request: HttpRequest, word_id: int) -> HttpResponse:
    word = get_object_or_404(SensitiveWord.objects.select_related("agency"), pk=word_id)
    _require(request, word.agency)
    form = forms.WordEditForm(
        request.POST or None, initial={"kind": word.kind, "suggestion": word.suggestion}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_sensitive_word(
                actor=_word_actor(request, word.agency), word=word, **form.cleaned_data
            )
        except ValidationError as exc:
            for field, problems in exc.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            messages.success(request, f"“{word.word}”已修改。")
            return redirect(_back(word.agency))
    return render(
        request,
        "publishing/office/word_edit.html",
        {"word": word, "form": form, "agency": word.agency, "back": _back(word.agency)},
    )


@require_POST
@login_required
def delete_word(request: HttpRequest, word_id: int) -> HttpResponse:
    word = get_object_or_404(SensitiveWord.objects.select_related("agency"), pk=word_id)
    _require(request, word.agency)
    services.delete_sensitive_word(actor=_word_actor(request, word.agency), word=word)
    messages.success(request, f"“{word.word}”已从词库删除。")
    return redirect(_back(word.agency))
