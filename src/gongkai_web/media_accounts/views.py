"""Pages of the new-media matrix. Thin: permissions here, writes in services/inspection."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from gongkai.media import documents, imports, yearly
from gongkai.media.bulletin import paragraphs
from gongkai.media.review import ALL_STAGES, Stage, missing, signable
from gongkai.publishing.wordcheck import segments
from gongkai_web.audit.services import actor_from_request
from gongkai_web.media_accounts import clock, forms, inspection, permissions, selectors, services
from gongkai_web.media_accounts.models import (
    Bulletin,
    MediaAccount,
    PatrolRun,
    Post,
    PostSource,
    PostStatus,
    Problem,
    ProblemStatus,
    ReviewStep,
)
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import business_role_required, visible_agencies
from gongkai_web.publishing.selectors import matcher_for


def _agency(request: HttpRequest) -> Agency:
    """The agency asked for (?agency=), else the shallowest one the user may read."""
    visible = visible_agencies(request.user).order_by("depth", "path")
    raw = request.GET.get("agency") or request.POST.get("agency")
    if raw:
        agency = get_object_or_404(Agency, pk=raw) if str(raw).isdigit() else None
        if agency is None or not permissions.can_see(request.user, agency):
            raise PermissionDenied("您无权查看该机关的政务新媒体")
        return agency
    first = visible.first()
    if first is None:
        raise PermissionDenied("您没有可查看的机关")
    return first


def _date(raw: str | None, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(raw) if raw else default
    except ValueError:
        return default


def _errors(exc: ValidationError) -> list[str]:
    return [str(m) for m in exc.messages]


def _role(request: HttpRequest, agency: Agency) -> str:
    return Role.SUPERVISOR if permissions.can_supervise(request.user, agency) else ""


def _download(data: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@business_role_required
def matrix(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    on = _date(request.GET.get("on"), clock.today())
    data = selectors.matrix(agency, on, include_closed=request.GET.get("closed") == "1")
    context = {
        "agency": agency,
        "on": on,
        "matrix": data,
        "agencies": visible_agencies(request.user).order_by("path"),
        "can_operate": permissions.can_operate(request.user, agency),
        "can_supervise": permissions.can_supervise(request.user, agency),
        "thresholds": selectors.thresholds(),
    }
    return render(request, "media_accounts/matrix.html", context)


@business_role_required
def account_new(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if not permissions.can_operate(request.user, agency):
        raise PermissionDenied(f"您无权为{agency.name}登记账号")
    # 主管单位: the agency itself or one above it.
    supervisors = Agency.objects.filter(path__in=agency.ancestor_paths())
    form = forms.AccountForm(request.POST or None, supervisors=supervisors)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            account, warnings = services.register_account(
                actor=actor_from_request(request, agency=agency),
                agency=agency,
                platform=data.pop("platform"),
                name=data.pop("name"),
                opened_on=data.pop("opened_on"),
                filing_no=data.pop("filing_no"),
                **data,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            for warning in warnings:
                messages.warning(request, warning)
            messages.success(request, f"账号“{account.name}”已登记。")
            return redirect("media_accounts:account", account_id=account.pk)
    return render(request, "media_accounts/account_new.html", {"agency": agency, "form": form})


def _account(request: HttpRequest, account_id: int) -> MediaAccount:
    account = get_object_or_404(
        MediaAccount.objects.select_related("agency", "supervisor"), pk=account_id
    )
    if not permissions.can_see(request.user, account.agency):
        raise PermissionDenied("您无权查看该账号")
    return account


@business_role_required
def account_detail(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    posts = Post.objects.filter(account=account).order_by("-published_at", "-pk")
    context = {
        "account": account,
        "filings": account.filings.all(),
        "posts": posts[:50],
        "post_count": posts.count(),
        "flagged": posts.filter(status=PostStatus.PUBLISHED, review_complete=False).count(),
        "can_operate": permissions.can_operate(request.user, account.agency),
        "filing_form": forms.FilingForm(initial={"on": clock.today()}),
        "import_form": forms.ImportForm(),
    }
    return render(request, "media_accounts/account_detail.html", context)


@business_role_required
def account_change(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权变更该账号")
    form = forms.ChangeForm(request.POST or None, instance=account, initial={"on": clock.today()})
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fields = {name: data[name] for name in forms.ChangeForm.Meta.fields}
        try:
            services.change_account(
                actor=actor_from_request(request, agency=account.agency),
                account=MediaAccount.objects.get(pk=account.pk),
                on=data["on"],
                filing_no=data["change_filing_no"],
                note=data["note"],
                **fields,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "变更已登记。")
            return redirect("media_accounts:account", account_id=account.pk)
    return render(request, "media_accounts/account_change.html", {"account": account, "form": form})


@require_POST
@business_role_required
def account_close(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    form = forms.FilingForm(request.POST)
    if form.is_valid():
        try:
            services.close_account(
                actor=actor_from_request(request, agency=account.agency),
                account=account,
                **form.cleaned_data,
            )
            messages.success(request, "账号已注销。")
        except ValidationError as exc:
            for message in _errors(exc):
                messages.error(request, message)
    else:
        messages.error(request, "请填写注销日期")
    return redirect("media_accounts:account", account_id=account.pk)


@business_role_required
def account_import(request: HttpRequest, account_id: int) -> HttpResponse:
    account = _account(request, account_id)
    if not permissions.can_operate(request.user, account.agency):
        raise PermissionDenied("您无权为该账号导入信息")
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        suffix = Path(upload.name).suffix.lower()
        readers = {
            ".csv": (imports.read_csv, PostSource.CSV),
            ".xlsx": (imports.read_xlsx, PostSource.XLSX),
            ".xml": (imports.read_rss, PostSource.RSS),
            ".rss": (imports.read_rss, PostSource.RSS),
        }
        if suffix not in readers:
            errors = [f"不支持“{suffix or '无扩展名'}”文件，请上传 CSV、XLSX 或 RSS（.xml）"]
        else:
            read, source = readers[suffix]
            try:
                rows = read(upload.read(), timezone.get_current_timezone())
                created = services.import_posts(
                    actor=actor_from_request(request, agency=account.agency),
                    account=account,
                    posts=rows,
                    source=source,
                )
            except imports.ImportRejected as exc:
                errors = [str(e) for e in exc.errors]
            else:
                messages.success(
                    request, f"已导入 {len(created)} 条信息（未经本系统三审三校，已标记）。"
                )
                return redirect("media_accounts:account", account_id=account.pk)
    return render(
        request,
        "media_accounts/account_import.html",
        {"account": account, "form": form, "errors": errors},
    )


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


# --- patrols -------------------------------------------------------------------------------


@business_role_required
def patrols(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    can_run = permissions.can_supervise(request.user, agency)
    form = forms.RunForm(request.POST or None, initial={"on": clock.today()})
    if request.method == "POST":
        if not can_run:
            raise PermissionDenied(f"只有{agency.name}或上级的政务公开办可以执行巡查")
        if form.is_valid():
            run_kind = request.POST.get("kind")
            runner = inspection.run_sweep if run_kind == "weekly" else inspection.run_patrol
            run = runner(
                actor=actor_from_request(request, role=Role.SUPERVISOR, agency=agency),
                agency=agency,
                on=form.cleaned_data["on"],
            )
            messages.success(
                request,
                f"{run.get_kind_display()}已完成：不合格 {run.failed + run.zombies} 个账号。",
            )
            return redirect("media_accounts:patrol", run_id=run.pk)
    runs = PatrolRun.objects.filter(agency__path__startswith=agency.path)[:60]
    return render(
        request,
        "media_accounts/patrols.html",
        {"agency": agency, "runs": runs, "form": form, "can_run": can_run},
    )


@business_role_required
def patrol_detail(request: HttpRequest, run_id: int) -> HttpResponse:
    run = get_object_or_404(PatrolRun.objects.select_related("agency"), pk=run_id)
    if not permissions.can_see(request.user, run.agency):
        raise PermissionDenied("您无权查看该巡查记录")
    results = run.results.select_related("account__agency")
    problems = Problem.objects.filter(run=run).select_related("account__agency")
    return render(
        request,
        "media_accounts/patrol_detail.html",
        {"run": run, "results": results, "problems": problems},
    )


# --- bulletins -------------------------------------------------------------------------------


@business_role_required
def bulletins(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    can_issue = permissions.can_supervise(request.user, agency)
    today = clock.today()
    quarter = (today.month - 1) // 3  # the quarter just ended (0: the last of last year)
    initial = {
        "year": today.year if quarter else today.year - 1,
        "quarter": quarter or 4,
        "issued_on": today,
        "deadline": today + dt.timedelta(days=30),
    }
    form = forms.BulletinForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if not can_issue:
            raise PermissionDenied(f"只有{agency.name}或上级的政务公开办可以印发通报")
        if form.is_valid():
            try:
                stored = inspection.issue_bulletin(
                    actor=actor_from_request(request, role=Role.SUPERVISOR, agency=agency),
                    agency=agency,
                    **form.cleaned_data,
                )
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, f"《{stored.title}》已印发。")
                return redirect("media_accounts:bulletin", bulletin_id=stored.pk)
    items = Bulletin.objects.filter(agency__path__startswith=agency.path)
    return render(
        request,
        "media_accounts/bulletins.html",
        {"agency": agency, "bulletins": items, "form": form, "can_issue": can_issue},
    )


def _bulletin(request: HttpRequest, bulletin_id: int) -> Bulletin:
    stored = get_object_or_404(Bulletin.objects.select_related("agency"), pk=bulletin_id)
    if not permissions.can_see(request.user, stored.agency):
        raise PermissionDenied("您无权查看该通报")
    return stored


@business_role_required
def bulletin_detail(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    made = inspection.bulletin_of(stored)
    return render(
        request,
        "media_accounts/bulletin_detail.html",
        {"stored": stored, "bulletin": made, "paragraphs": paragraphs(made)},
    )


@business_role_required
def bulletin_docx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    data = documents.bulletin_docx(inspection.bulletin_of(stored))
    return _download(data, f"{stored.title}.docx", DOCX)


@business_role_required
def bulletin_xlsx(request: HttpRequest, bulletin_id: int) -> HttpResponse:
    stored = _bulletin(request, bulletin_id)
    data = documents.bulletin_annex_xlsx(inspection.bulletin_of(stored))
    return _download(data, f"{stored.title}-问题账号清单.xlsx", XLSX)


# --- rectification and numbers ------------------------------------------------------------------


@business_role_required
def problems(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    status = request.GET.get("status", "")
    items = Problem.objects.filter(account__agency__path__startswith=agency.path).select_related(
        "account__agency", "bulletin"
    )
    if status in ProblemStatus.values:
        items = items.filter(status=status)
    return render(
        request,
        "media_accounts/problems.html",
        {
            "agency": agency,
            "problems": items[:300],
            "status": status,
            "statuses": ProblemStatus.choices,
            "can_supervise": permissions.can_supervise(request.user, agency),
            "counts": dict(items.values_list("status").annotate(n=Count("pk")).order_by()),
        },
    )


@require_POST
@business_role_required
def problem_act(request: HttpRequest, problem_id: int) -> HttpResponse:
    problem = get_object_or_404(Problem.objects.select_related("account__agency"), pk=problem_id)
    agency = problem.account.agency
    if not permissions.can_see(request.user, agency):
        raise PermissionDenied("您无权处理该问题")
    actor = actor_from_request(request, role=_role(request, agency), agency=agency)
    action = request.POST.get("action")
    text = request.POST.get("text", "")
    try:
        if action == "submit":
            inspection.submit_rectification(actor=actor, problem=problem, text=text)
        elif action == "close":
            inspection.close_problem(actor=actor, problem=problem, on=clock.today())
        elif action == "reject":
            inspection.reject_rectification(actor=actor, problem=problem, reason=text)
        else:
            messages.error(request, "未知的操作")
    except ValidationError as exc:
        for message in _errors(exc):
            messages.error(request, message)
    back = request.POST.get("next", "")
    if back and url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        return redirect(back)
    return redirect("media_accounts:problems")


@business_role_required
def year_numbers(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    raw = request.GET.get("year", "")
    # The annual report is written early in the next year: last year by default.
    year = int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else clock.today().year - 1
    counts = selectors.year_counts(agency, year)
    context = {
        "agency": agency,
        "year": year,
        "counts": counts,
        "sentence": yearly.sentence(agency.name, year, counts),
    }
    return render(request, "media_accounts/year.html", context)
