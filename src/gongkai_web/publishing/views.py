"""The office side: drafting, the 错敏词 check, review, registers, table 二, the guide.
The 错敏词 dictionary's own page is in words_views.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.publishing import timeliness
from gongkai.publishing.registers import PARTY_LABELS, mask_person, read_decisions
from gongkai.publishing.wordcheck import segments
from gongkai.workdays import UnknownYearError
from gongkai.workflow.tables.catalogue import IN_REVIEW, EntryState
from gongkai_web import clock
from gongkai_web.audit.services import actor_from_request
from gongkai_web.operations.calendar_years import current_calendar
from gongkai_web.organizations.models import BUSINESS_ROLES, Agency, Role
from gongkai_web.organizations.permissions import (
    business_role_required,
    can_edit,
    can_view,
    grants,
    has_role,
    roles_at,
)
from gongkai_web.publishing import approval_form, forms, selectors, services
from gongkai_web.publishing.models import (
    Attachment,
    DecisionKind,
    DecisionRecord,
    Entry,
    FeeRecord,
    Guide,
)
from gongkai_web.publishing.workflow import ENTRY
from gongkai_web.workflow import selectors as workflow_selectors


def _agencies(request: HttpRequest) -> list[Agency]:
    seen: dict[int, Agency] = {}
    for grant in grants(request.user):
        if grant.role in BUSINESS_ROLES and grant.role != Role.SUPERVISOR:
            seen.setdefault(grant.agency_id, grant.agency)
    return list(seen.values())


def _agency(request: HttpRequest) -> Agency:
    mine = _agencies(request)
    if not mine:
        raise PermissionDenied("您在任何机关都没有主动公开业务角色")
    wanted = request.GET.get("agency") or request.POST.get("agency")
    if wanted:
        for agency in mine:
            if str(agency.pk) == wanted:
                return agency
    return mine[0]


def _entry(request: HttpRequest, entry_id: int) -> Entry:
    entry = get_object_or_404(Entry.objects.select_related("agency", "category"), pk=entry_id)
    if not can_view(request.user, entry.agency):
        raise PermissionDenied("您无权查看该机关的信息")
    return entry


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _actor(request: HttpRequest, agency: Agency) -> Any:
    roles = sorted(roles_at(request.user, agency))
    return actor_from_request(request, role=",".join(roles), agency=agency)


def _due(entry: Entry) -> dict[str, Any] | None:
    """How an entry not yet public stands against its category's time limit."""
    if entry.status in (EntryState.PUBLISHED, EntryState.WITHDRAWN) or entry.formed_on is None:
        return None
    limit = entry.category.time_limit
    try:
        state, on = timeliness.due_state(
            current_calendar(), formed_on=entry.formed_on, today=clock.today(), limit=limit
        )
    except UnknownYearError:
        return None
    return {"state": state, "on": on, "limit": limit.describe()}


@login_required
def index(request: HttpRequest) -> HttpResponse:
    # The system administrator keeps the shared 错敏词 and sees no catalogue: the nav's
    # 主动公开 link takes them to the one page of this app that is theirs.
    if not has_role(request.user, *BUSINESS_ROLES):
        if has_role(request.user, Role.SYSADMIN):
            return redirect("publishing:words")
        raise PermissionDenied("您的角色无权访问此页面")
    agency = _agency(request)
    entries = (
        Entry.objects.filter(agency=agency)
        .select_related("category")
        .order_by("-updated_at", "-pk")[:200]
    )
    return render(
        request,
        "publishing/office/index.html",
        {
            "agency": agency,
            "agencies": _agencies(request),
            "entries": entries,
            "due": selectors.due_for_reassessment(agency, clock.today()).count(),
        },
    )


@business_role_required
def create(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    form = forms.EntryForm(request.POST or None, agency=agency)
    if request.method == "POST" and form.is_valid():
        try:
            entry = services.create_entry(
                actor=_actor(request, agency), agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "草稿已保存。请查看错敏词检查结果，然后提交审核。")
            return redirect("publishing:detail", entry.pk)
    return render(request, "publishing/office/form.html", {"form": form, "agency": agency})


@business_role_required
def edit(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if not can_edit(request.user, entry.agency):
        raise PermissionDenied("您无权修改该机关的信息")
    form = forms.EntryForm(request.POST or None, instance=entry, agency=entry.agency)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_entry(
                actor=_actor(request, entry.agency), entry=entry, **form.cleaned_data
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, "已保存。")
            return redirect("publishing:detail", entry.pk)
    return render(
        request,
        "publishing/office/form.html",
        {"form": form, "agency": entry.agency, "entry": entry},
    )


@business_role_required
def detail(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    checked = selectors.word_check(entry)
    return render(
        request,
        "publishing/office/detail.html",
        {
            "entry": entry,
            "agency": entry.agency,
            "checked": [(f, segments(f.text, f.hits)) for f in checked],
            "hit_count": sum(len(f.hits) for f in checked),
            "attachment_hits": [f for f in ENTRY.flagged(entry) if f.where.startswith("附件")],
            "personal_hits": ENTRY.personal(entry),
            "due": _due(entry),
            "panel": workflow_selectors.panel(ENTRY, entry, request.user),
            "repeal_form": forms.RepealForm(),
            "can_edit": can_edit(request.user, entry.agency),
            "attachments_open": services.attachments_open(entry),
            "attach_form": forms.AttachForm(),
            "attachments": entry.attachments.select_related("file"),
        },
    )


@require_POST
@business_role_required
def repeal(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if not can_edit(request.user, entry.agency):
        raise PermissionDenied("您无权修改该机关的信息")
    form = forms.RepealForm(request.POST)
    if form.is_valid():
        try:
            services.repeal(
                actor=_actor(request, entry.agency), entry=entry,
                on=form.cleaned_data["on"], validity=form.cleaned_data["validity"],
            )  # fmt: skip
            messages.success(request, "有效性已更新。")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, "请填写失效或废止日期")
    return redirect("publishing:detail", entry.pk)


@require_POST
@business_role_required
def attach(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if not can_edit(request.user, entry.agency):
        raise PermissionDenied("您无权修改该机关的信息")
    form = forms.AttachForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            services.attach(
                actor=_actor(request, entry.agency), entry=entry, name=upload.name,
                data=upload.read(),  # its size was checked by AttachForm
            )  # fmt: skip
            messages.success(request, f"附件“{upload.name}”已上传。")
        except ValidationError as exc:
            _errors(request, exc)
    else:
        messages.error(request, "请选择要上传的文件")
    return redirect("publishing:detail", entry.pk)


@require_POST
@business_role_required
def remove_attachment(request: HttpRequest, entry_id: int, attachment_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    if not can_edit(request.user, entry.agency):
        raise PermissionDenied("您无权修改该机关的信息")
    attachment = get_object_or_404(
        Attachment.objects.select_related("file"), pk=attachment_id, entry=entry
    )
    try:
        services.remove_attachment(actor=_actor(request, entry.agency), attachment=attachment)
        messages.success(request, f"附件“{attachment.file.name}”已删除。")
    except ValidationError as exc:
        _errors(request, exc)
    return redirect("publishing:detail", entry.pk)


@business_role_required
def approval(request: HttpRequest, entry_id: int) -> HttpResponse:
    entry = _entry(request, entry_id)
    data = approval_form.build(entry)
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    from urllib.parse import quote

    name = quote(f"信息发布审核表-{entry.pk}.docx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


@business_role_required
def registers(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    year = _year(request)
    actor = _actor(request, agency)
    decision_form = forms.DecisionForm(prefix="d")
    import_form = forms.ImportForm(prefix="i")
    fee_form = forms.FeeForm(prefix="f")
    fee_import_form = forms.FeeImportForm(prefix="g")
    import_errors: list[str] = []
    if request.method == "POST":
        if not can_edit(request.user, agency):
            raise PermissionDenied("您无权登记该机关的信息")
        action = request.POST.get("action")
        try:
            if action == "decision":
                decision_form = forms.DecisionForm(request.POST, prefix="d")
                if decision_form.is_valid():
                    data = decision_form.cleaned_data
                    rows, errors = read_decisions(
                        [{"决定书文号": data["number"], "当事人": data["party"],
                          "当事人类型": PARTY_LABELS[data["party_kind"]],
                          "决定日期": data["decided_on"], "事项": data["matter"],
                          "决定内容": data["decision"]}],
                        known_numbers=services.known_numbers(agency, data["kind"]),
                    )  # fmt: skip
                    if errors:
                        raise ValidationError([e.message for e in errors])
                    services.add_decisions(actor=actor, agency=agency, kind=data["kind"], rows=rows)
                    messages.success(request, "已登记。")
                    return redirect(f"{request.path}?agency={agency.pk}&year={year}")
            elif action in ("import", "import_fees"):
                import_form = forms.ImportForm(request.POST, request.FILES, prefix="i")
                fee_import_form = forms.FeeImportForm(request.POST, request.FILES, prefix="g")
                form = import_form if action == "import" else fee_import_form
                if form.is_valid():
                    upload = form.cleaned_data["file"]
                    content = upload.read()  # size: LimitedFileField
                    try:
                        if action == "import":
                            added: list[Any] = services.import_decisions(
                                actor=actor, agency=agency, kind=form.cleaned_data["kind"],
                                name=upload.name, data=content,
                            )  # fmt: skip
                        else:
                            added = services.import_fees(
                                actor=actor, agency=agency, name=upload.name, data=content
                            )
                    except services.ImportRejected as rejected:
                        import_errors = rejected.rows
                        messages.error(
                            request,
                            f"“{upload.name}”有 {len(rejected.rows)} 处错误，整个文件未导入；"
                            "请改正后重新上传",
                        )
                    else:
                        messages.success(request, f"已导入 {len(added)} 条。")
                        return redirect(f"{request.path}?agency={agency.pk}&year={year}")
            elif action in ("remove_decision", "remove_fee"):
                model = DecisionRecord if action == "remove_decision" else FeeRecord
                record = get_object_or_404(model, pk=request.POST.get("id"), agency=agency)
                # get_object_or_404 of either model is typed as a bare Model.
                assert isinstance(record, DecisionRecord | FeeRecord)
                services.remove_register_row(
                    actor=actor, record=record, reason=request.POST.get("reason", "")
                )
                messages.success(request, "已删除该条登记，可重新登记正确的内容。")
                return redirect(f"{request.path}?agency={agency.pk}&year={year}")
            elif action == "fee":
                fee_form = forms.FeeForm(request.POST, prefix="f")
                if fee_form.is_valid():
                    services.add_fee(actor=actor, agency=agency, **fee_form.cleaned_data)
                    messages.success(request, "已登记收费。")
                    return redirect(f"{request.path}?agency={agency.pk}&year={year}")
        except ValidationError as exc:
            if action in ("import", "import_fees") and not import_errors:
                import_errors = exc.messages
                messages.error(request, "文件未导入")
            else:
                _errors(request, exc)
    records = [
        (record, mask_person(record.party) if record.party_kind == "person" else record.party)
        for record in DecisionRecord.objects.filter(agency=agency, decided_on__year=year)
    ]
    return render(
        request,
        "publishing/office/registers.html",
        {
            "agency": agency, "year": year, "records": records,
            "fees": selectors.fees(agency, year), "fee_total": selectors.fee_total(agency, year),
            "decision_form": decision_form, "import_form": import_form, "fee_form": fee_form,
            "fee_import_form": fee_import_form, "import_errors": import_errors,
            "fee_import": request.POST.get("action") == "import_fees", "kinds": DecisionKind,
        },
    )  # fmt: skip


def _year(request: HttpRequest) -> int:
    try:
        return int(request.GET.get("year", ""))
    except ValueError:
        return clock.today().year


@business_role_required
def table2(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    year = _year(request)
    return render(
        request,
        "publishing/office/table2.html",
        {"agency": agency, "year": year, "t2": selectors.table2_for(agency, year),
         "years": range(clock.today().year, 2018, -1)},
    )  # fmt: skip


@business_role_required
def guide(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    if request.method == "POST":
        if not can_edit(request.user, agency):
            raise PermissionDenied("您无权发布该机关的指南")
        try:
            published = services.publish_guide(actor=_actor(request, agency), agency=agency)
            messages.success(request, f"指南第 {published.version} 版已发布。")
        except ValidationError as exc:
            _errors(request, exc)
        return redirect(f"{request.path}?agency={agency.pk}")
    from gongkai_web.publishing import guide as composer

    return render(
        request,
        "publishing/office/guide.html",
        {"agency": agency, "draft": composer.compose(agency),
         "versions": Guide.objects.filter(agency=agency).order_by("-version")},
    )  # fmt: skip


@business_role_required
def reassess(request: HttpRequest) -> HttpResponse:
    agency = _agency(request)
    today = clock.today()
    if request.method == "POST":
        entry = _entry(request, int(request.POST.get("entry", "0") or 0))
        if entry.agency_id != agency.pk or not can_edit(request.user, agency):
            raise Http404
        form = forms.ReassessForm(request.POST)
        if form.is_valid():
            try:
                done = services.reassess(
                    actor=_actor(request, agency), entry=entry, **form.cleaned_data
                )
                if done.status in IN_REVIEW:
                    messages.success(
                        request,
                        f"“{entry.title}”转为主动公开，已重新提交保密审查和三审，终审通过后公开。",
                    )
                else:
                    messages.success(request, f"“{entry.title}”已复核。")
            except ValidationError as exc:
                _errors(request, exc)
        else:
            messages.error(request, "请选择复核结论")
        return redirect(f"{request.path}?agency={agency.pk}")
    return render(
        request,
        "publishing/office/reassess.html",
        {"agency": agency, "due": selectors.due_for_reassessment(agency, today),
         "form": forms.ReassessForm(), "today": today,
         "next_default": today + dt.timedelta(days=180)},
    )  # fmt: skip
