"""Pages for staff: the list, a case and its actions, the tables and the ledger. The public's
pages (apply, receipt, track) are in public_views."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from gongkai.cases.counting import ReviewKind, ReviewResult
from gongkai.cases.grounds import Ground
from gongkai.cases.outcomes import Disposition
from gongkai.cases.remedies import Remedy
from gongkai.cases.states import Action, allowed_actions
from gongkai.fees import PerApplication, fee_for
from gongkai.report.format2021 import T3_COLUMNS, T3_ROW_KEYS, t3_row_description
from gongkai.workdays import UnknownYearError
from gongkai.workflow.tables.review_case import ReviewCaseState
from gongkai_web.audit.services import actor_from_request
from gongkai_web.cases import (
    bundle,
    ledger,
    letters,
    selectors,
    services,
    timekeeping,
)
from gongkai_web.cases.clock import dues, explanations
from gongkai_web.cases.forms import RegisterForm
from gongkai_web.cases.models import (
    RECEIPT_RULES,
    Application,
    Attachment,
    Channel,
    Consultation,
    DeliveryChannel,
    Letter,
    ReviewCase,
)
from gongkai_web.cases.responses import attachment_header, docx, uploads
from gongkai_web.cases.services import CaseError, Upload
from gongkai_web.cases.views_intake import intake_context
from gongkai_web.operations.files import read_file
from gongkai_web.operations.uploads import UploadKind, UploadTooLarge, read_upload
from gongkai_web.organizations.models import Agency, Role
from gongkai_web.organizations.permissions import (
    business_role_required,
    can_edit,
    can_view,
    has_role,
    visible_agencies,
)


def _date(request: HttpRequest, name: str = "on") -> dt.date:
    raw = request.POST.get(name, "").strip()
    if not raw:
        return timekeeping.today()
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise CaseError(f"日期“{raw}”无法识别，请写成 YYYY-MM-DD") from None


def _pages(request: HttpRequest) -> int | None:
    raw = request.POST.get("pages", "").strip()
    if not raw:
        return None
    try:
        return int(raw)
    except ValueError:
        raise CaseError(f"页数“{raw}”不是整数，请填写本申请提供信息的页数") from None


# --- staff ----------------------------------------------------------------------------------


def _visible(request: HttpRequest, pk: int) -> Application:
    application = get_object_or_404(Application.objects.select_related("agency"), pk=pk)
    if not (can_view(request.user, application.agency) or _handles(request, application)):
        raise Http404("没有这件申请")  # another agency's case: as if it did not exist
    return application


def _handles(request: HttpRequest, application: Application) -> bool:
    unit = application.handling_unit
    return unit is not None and can_edit(request.user, unit)


@business_role_required
def index(request: HttpRequest) -> HttpResponse:
    agencies = visible_agencies(request.user)
    state = request.GET.get("state", "open")
    applications = (
        selectors.open_applications(agencies)
        if state == "open"
        else Application.objects.filter(agency__in=agencies)
        .select_related("agency")
        .prefetch_related("consultations")[:500]
    )
    rows = selectors.with_dues(applications, timekeeping.calendar(), timekeeping.today())
    gap = next((d.unknown_year for _, d in rows if d.unknown_year), None)
    return render(request, "cases/index.html", {"rows": rows, "state": state, "calendar_gap": gap})


@business_role_required
def supervision(request: HttpRequest) -> HttpResponse:
    if not has_role(request.user, Role.LEADER, Role.SUPERVISOR):
        raise PermissionDenied("督办清单供分管领导和政务公开办使用")
    rows = selectors.supervision(
        visible_agencies(request.user), timekeeping.calendar(), timekeeping.today()
    )
    return render(request, "cases/supervision.html", {"rows": rows})


@business_role_required
def register(request: HttpRequest) -> HttpResponse:
    agencies = [a for a in visible_agencies(request.user) if can_edit(request.user, a)]
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        agency = get_object_or_404(Agency, pk=request.POST.get("agency") or 0)
        try:
            application = services.receive(
                actor=actor_from_request(request, role=Role.CLERK, agency=agency),
                agency=agency,
                applicant=form.applicant(),
                channel=form.cleaned_data["channel"],
                received_on=form.cleaned_data["received_on"],
                today=timekeeping.today(),
                calendar=timekeeping.calendar(),
                uploads=uploads(request, ("id_scan", "power_of_attorney", "paper_scan")),
                hotline=form.hotline(),
                submission_key=form.posted_key,
            )
        except services.AlreadyFiled as filed:  # the same form posted twice
            messages.info(request, filed.message)
            return redirect("cases:detail", pk=filed.application.pk)
        except (CaseError, UnknownYearError) as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已登记，查询码 {application.tracking_number}")
            return redirect("cases:detail", pk=application.pk)
    rules = [
        (Channel(c).label, rule) for c, rule in RECEIPT_RULES.items() if c not in ("online", "api")
    ]
    return render(
        request,
        "cases/register.html",
        {"form": form, "agencies": agencies, "receipt_rules": rules},
    )


@business_role_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible(request, pk))


def _detail(
    request: HttpRequest, application: Application, draft: letters.DraftCheck | None = None
) -> HttpResponse:
    today = timekeeping.today()
    units = Agency.objects.filter(path__startswith=application.agency.path)
    handlers = User.objects.filter(
        role_grants__agency__in=units, role_grants__role=Role.CLERK
    ).distinct()
    application_dues = dues(application, timekeeping.calendar(), today)
    month = selectors.month_applications(application)
    remedy, remedy_problem = _remedy(application)
    matches = list(application.published_matches.all())
    return render(
        request,
        "cases/detail.html",
        {
            "a": application,
            "dues": application_dues,
            "calendar_gap": application_dues.unknown_year,
            "explanations": explanations(application, timekeeping.calendar()),
            "today": today.isoformat(),
            "allowed": {a.value for a in allowed_actions(application.case_state)},
            "can_edit": can_edit(request.user, application.agency)
            or _handles(request, application),
            "units": units,
            "handlers": handlers,
            "dispositions": [(d.value, d.label) for d in Disposition],
            "grounds": [(g.value, g.label) for g in Ground],
            "withheld_rows": _withheld_rows(application, draft),
            "consult_kinds": Consultation.Kind.choices,
            "month_applications": month,
            "month_fee": fee_for(PerApplication(rank_in_month=len(month))) if month else None,
            "events": application.events.select_related("actor"),
            "letters": application.letters.all(),
            "attachments": application.attachments.select_related("file"),
            "attachment_kinds": Attachment.Kind.choices,
            "delivery_channels": DeliveryChannel.choices,
            "reviews": application.reviews.annotate(last_event=Max("events__pk"))
            .prefetch_related("events")
            .order_by("filed_on", "pk"),
            "pending_reviews": application.reviews.filter(status=ReviewCaseState.PENDING),
            "review_kinds": [(k.value, k.label) for k in ReviewKind],
            "review_results": [(r.value, r.label) for r in ReviewResult if r.value != "pending"],
            "remedy": remedy,
            "remedy_problem": remedy_problem,
            "draft": draft,
            "draft_disposition": request.POST.get("disposition", "") if draft else "",
            **intake_context(application, matches),
        },
    )


WITHHELD_ROWS = 4  # rows of the 部分公开 form; a fifth part is one more draft round


def _withheld_rows(
    application: Application, draft: letters.DraftCheck | None
) -> list[dict[str, str]]:
    rows = list(draft.withheld if draft else application.withheld_grounds)
    return rows + [{"part": "", "ground": ""}] * max(0, WITHHELD_ROWS - len(rows))


def _withheld(request: HttpRequest) -> list[tuple[str, str]]:
    parts, grounds = request.POST.getlist("withheld_part"), request.POST.getlist("withheld_ground")
    return list(zip(parts, grounds + [""] * (len(parts) - len(grounds)), strict=False))


def _remedy(application: Application) -> tuple[Remedy | None, str]:
    """The remedy the open case's letter will name, or why it cannot be signed. Before a draft
    exists, an outcome that may go to court directly shows whether both settings are there."""
    if not application.case_state.is_open:
        return None, ""
    disposition = Disposition(application.disposition or Disposition.GRANTED.value)
    problem = letters.remedy_problem(application, disposition)
    if problem or not application.disposition:
        return None, problem
    return letters.remedy_for(application, disposition), ""


def _one_upload(request: HttpRequest) -> Upload:
    handle = request.FILES.get("file")
    if handle is None:
        raise CaseError("请选择要上传的文件")
    try:
        data = read_upload(handle, UploadKind.CASE_FILE)
    except UploadTooLarge as exc:
        raise CaseError(exc.message) from None
    return Upload(request.POST.get("kind", "other"), handle.name or "file", data)


def _call(name: str, request: HttpRequest, application: Application) -> Any:
    post = request.POST
    actor = actor_from_request(request, agency=application.agency)
    common: dict[str, Any] = {
        "actor": actor,
        "application": application,
        "on": _date(request),
        "today": timekeeping.today(),
    }
    cal = timekeeping.calendar()
    actions: dict[str, Callable[[], Any]] = {
        "assign": lambda: services.assign(
            **common,
            unit=get_object_or_404(Agency, pk=post.get("unit") or 0),
            handler=User.objects.filter(pk=post.get("handler") or 0).first(),
        ),
        "sign_for": lambda: services.sign_for(**common),
        "return": lambda: services.give_back(**common, reason=post.get("reason", "")),
        "request_correction": lambda: services.request_correction(
            **common,
            items=post.get("items", ""),
            deadline=_date(request, "deadline"),
            calendar=cal,
        ),
        "receive_correction": lambda: services.receive_correction(**common),
        "start_consultation": lambda: services.start_consultation(
            **common, kind=post.get("kind", "third_party"), party=post.get("party", "")
        ),
        "end_consultation": lambda: services.end_consultation(
            **common, opinion=post.get("opinion", "")
        ),
        "extend": lambda: services.extend(**common, reason=post.get("reason", ""), calendar=cal),
        "submit_draft": lambda: services.submit_draft(
            **common,
            disposition=post.get("disposition", ""),
            reason=post.get("reason", ""),
            withheld=_withheld(request),
            provision_note=post.get("provision_note", ""),
        ),
        "review": lambda: services.review(
            **common, approve=post.get("decision") == "approve", note=post.get("note", "")
        ),
        "sign": lambda: services.sign(
            **common, approve=post.get("decision") == "approve", note=post.get("note", "")
        ),
        "deliver": lambda: services.deliver(
            **common,
            channel=post.get("channel", ""),
            proof=post.get("proof", ""),
            proof_file=next(iter(uploads(request, ("proof_file",))), None),
        ),
        "archive": lambda: services.archive(**common),
        "hand_off": lambda: services.hand_off(
            **common,
            route=post.get("route", ""),
            receiver=post.get("receiver", ""),
            reference=post.get("reference", ""),
            reason=post.get("reason", ""),
        ),
        "withdraw": lambda: services.withdraw(**common, reason=post.get("reason", "")),
        "close_no_correction": lambda: services.close_no_correction(**common),
        "fee_notice": lambda: services.fee_notice(
            **common, method=post.get("method", ""), pages=_pages(request), calendar=cal
        ),
        "fee_paid": lambda: services.fee_paid(**common, receipt=post.get("receipt", "")),
        "fee_waive": lambda: services.fee_waive(**common, reason=post.get("reason", "")),
        "close_fee_unpaid": lambda: services.close_fee_unpaid(**common, calendar=cal),
        "review_case": lambda: services.record_review(
            actor=actor,
            application=application,
            kind=post.get("kind", ""),
            filed_on=_date(request, "filed_on"),
            today=timekeeping.today(),
            case_number=post.get("case_number", ""),
        ),
        "review_decided": lambda: services.decide_review(
            actor=actor,
            review_case=get_object_or_404(
                ReviewCase, pk=post.get("review") or 0, application=application
            ),
            result=post.get("result", ""),
            decided_on=_date(request, "decided_on"),
            today=timekeeping.today(),
            expected=int(post["expected"]) if post.get("expected", "").isdigit() else None,
        ),
        "attach": lambda: services.attach(
            actor=actor, application=application, upload=_one_upload(request)
        ),
    }
    if name not in actions:
        raise Http404("没有这个操作")
    return actions[name]()


@require_POST
@business_role_required
def act(request: HttpRequest, pk: int, name: str) -> HttpResponse:
    application = _visible(request, pk)
    if name == "check_draft":  # reads only: the page again, with the check and the corrections
        fields = {key: request.POST.get(key, "") for key, _ in letters.DRAFT_FIELDS}
        disposition = request.POST.get("disposition", "")
        check = letters.check_draft(application, disposition, fields, _withheld(request))
        return _detail(request, application, check)
    try:
        done = _call(name, request, application)
    except (CaseError, UnknownYearError) as error:
        messages.error(request, error.message)
    else:
        # assign() says whether it was 分办, 转办 or 改派.
        action = done if isinstance(done, Action) else Action._value2member_map_.get(name)
        label = action.label if isinstance(action, Action) else "操作"
        messages.success(request, f"已{label}" if not label.startswith("已") else label)
    return redirect("cases:detail", pk=application.pk)


@business_role_required
def letter(request: HttpRequest, pk: int, letter_id: int) -> HttpResponse:
    application = _visible(request, pk)
    return docx(get_object_or_404(Letter, pk=letter_id, application=application))


@business_role_required
def attachment(request: HttpRequest, pk: int, attachment_id: int) -> HttpResponse:
    application = _visible(request, pk)
    found = get_object_or_404(Attachment, pk=attachment_id, application=application)
    response = HttpResponse(read_file(found.file), content_type=found.file.content_type)
    response["Content-Disposition"] = attachment_header(found.file.name)
    return response


@business_role_required
def archive_bundle(request: HttpRequest, pk: int) -> HttpResponse:
    application = _visible(request, pk)
    data = bundle.build(application, actor_from_request(request, agency=application.agency))
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = attachment_header(f"{application.tracking_number}.zip")
    return response


@business_role_required
def table3(request: HttpRequest) -> HttpResponse:
    agencies = list(visible_agencies(request.user))
    if not agencies:
        raise PermissionDenied
    try:
        year = int(request.GET.get("year") or timekeeping.today().year)
        agency = next(
            a for a in agencies if str(a.pk) == request.GET.get("agency", str(agencies[0].pk))
        )
    except (ValueError, StopIteration):
        raise Http404("没有这个机关或年份") from None
    table = selectors.table3(agency, year)
    rows = [(key, t3_row_description(key), table[key]) for key in T3_ROW_KEYS]
    return render(
        request,
        "cases/table3.html",
        {
            "agency": agency,
            "agencies": agencies,
            "year": year,
            "columns": T3_COLUMNS,
            "rows": rows,
            "table4": selectors.table4(agency, year),
        },
    )


@business_role_required
def ledger_export(request: HttpRequest) -> HttpResponse:
    agencies = visible_agencies(request.user)
    year = request.GET.get("year", "")
    applications = Application.objects.filter(agency__in=agencies).select_related("agency")
    if year.isdigit():
        applications = applications.filter(received_on__year=int(year))
    response = HttpResponse(
        ledger.export(
            applications.order_by("received_on", "pk"),
            f"{year}年依申请公开台账" if year.isdigit() else "依申请公开台账",
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = attachment_header(f"依申请公开台账{year}.xlsx")
    return response


@business_role_required
def ledger_import(request: HttpRequest) -> HttpResponse:
    agencies = [a for a in visible_agencies(request.user) if can_edit(request.user, a)]
    errors: list[ledger.RowError] = []
    message = ""
    if request.method == "POST":
        agency = next((a for a in agencies if str(a.pk) == request.POST.get("agency")), None)
        upload = request.FILES.get("file")
        if agency is None or upload is None:
            message = "请选择机关和台账文件"
        elif not has_role(request.user, Role.CLERK):
            raise PermissionDenied("导入台账须由登记员办理")
        else:
            try:
                count = ledger.import_ledger(
                    actor=actor_from_request(request, role=Role.CLERK, agency=agency),
                    agency=agency,
                    data=read_upload(upload, UploadKind.TABLE),
                    today=timekeeping.today(),
                )
            except UploadTooLarge as exc:
                message = exc.message
            except ledger.LedgerImportError as error:
                errors, message = error.errors, error.message
            else:
                messages.success(request, f"已导入 {count} 件申请")
                return redirect("cases:index")
    return render(
        request,
        "cases/ledger_import.html",
        {"agencies": agencies, "errors": errors, "message": message, "columns": ledger.COLUMNS},
    )
