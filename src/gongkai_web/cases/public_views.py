"""The public's pages: the online application form, its captcha, the receipt, and the status
lookup by tracking number and phone. No account is needed."""

from __future__ import annotations

from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from gongkai.workdays import UnknownYearError
from gongkai_web import clock
from gongkai_web.audit.services import actor_from_request, client_address
from gongkai_web.cases import apply_assist, captcha, ratelimit, resubmission, services, timekeeping
from gongkai_web.cases.clock import dues
from gongkai_web.cases.forms import PublicApplyForm, TrackForm
from gongkai_web.cases.models import Application
from gongkai_web.cases.responses import docx, uploads
from gongkai_web.cases.services import AlreadyFiled, CaseError

SUBMITTED = "gongkai_submitted"


def apply(request: HttpRequest) -> HttpResponse:
    # A portal page links here with ?agency=<id>: the form opens with that agency chosen.
    chosen = request.GET.get("agency", "")
    if request.method == "POST" and "lookup" in request.POST:
        return _lookup_page(request)
    earlier = None
    form = PublicApplyForm(
        request.POST or None,
        request.FILES or None,
        initial={"agency": int(chosen)} if chosen.isdigit() else None,
    )
    if request.method == "POST":
        limit, window = ratelimit.apply_limit()
        if not ratelimit.allow("apply", client_address(request), limit, window):
            return render(request, "cases/rate_limited.html", status=429)
        # The same form posted again (reloaded after an error, sent twice): the first one's
        # result, before its used captcha could refuse it.
        earlier = services.filed_with(form.posted_key)
        if earlier is not None:
            return _show_submitted(request, earlier)
        if not captcha.check(request, request.POST.get("captcha", "")):
            form.add_error("captcha", "验证码不正确，请重新输入")
        elif form.is_valid() and not (earlier := _resubmitted(request, form)):
            try:
                today = timekeeping.today()
                with transaction.atomic():
                    application = services.receive(
                        actor=actor_from_request(request, role="public"),
                        agency=form.cleaned_data["agency"],
                        applicant=form.applicant(),
                        channel="online",
                        received_on=today,
                        today=today,
                        calendar=timekeeping.calendar(),
                        uploads=uploads(request, ("id_scan", "power_of_attorney")),
                        submission_key=form.posted_key,
                    )
                    _remember(request, application)
                    # The used captcha and the tracking number are saved in the application's
                    # own transaction: one commit (one flush to disk) per submission instead
                    # of two, and no filed application whose captcha could be tried again.
                    request.session.save()
                    request.session.modified = False
            except AlreadyFiled as filed:  # sent twice at once: the other one filed it
                return _show_submitted(request, filed.application)
            except (CaseError, UnknownYearError) as error:
                form.add_error(None, error.message)
            else:
                return redirect("cases:submitted", tracking=application.tracking_number)
    values = request.POST if request.method == "POST" else {"agency": chosen}
    context = {"form": form, "earlier": earlier, **apply_assist.context(values)}
    return render(request, "cases/apply.html", context)


def _lookup_page(request: HttpRequest) -> HttpResponse:
    """查找已公开信息 without JavaScript: the form again, as typed (files are chosen again),
    with what is already public; nothing is checked or filed."""
    typed = {k: v for k, v in request.POST.items() if k not in ("csrfmiddlewaretoken", "captcha")}
    form = PublicApplyForm(initial=typed)
    context = {"form": form, **apply_assist.context(request.POST)}
    return render(request, "cases/apply.html", context)


def _resubmitted(request: HttpRequest, form: PublicApplyForm) -> Application | None:
    return resubmission.unconfirmed(
        agency=form.cleaned_data["agency"],
        applicant=form.applicant(),
        now=clock.now(),
        confirmed=request.POST.get("confirm_resubmit", ""),
    )


def _remember(request: HttpRequest, application: Application) -> None:
    request.session[SUBMITTED] = [
        *request.session.get(SUBMITTED, []),
        application.tracking_number,
    ][-20:]


def _show_submitted(request: HttpRequest, application: Application) -> HttpResponse:
    _remember(request, application)
    return redirect("cases:submitted", tracking=application.tracking_number)


def captcha_image(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(captcha.draw(captcha.new_answer(request)), content_type="image/png")
    response["Cache-Control"] = "no-store"
    return response


def _own_submission(request: HttpRequest, tracking: str) -> Application:
    if tracking not in request.session.get(SUBMITTED, []):
        raise Http404("请通过查询码和联系电话查询")
    return get_object_or_404(Application, tracking_number=tracking)


def submitted(request: HttpRequest, tracking: str) -> HttpResponse:
    application = _own_submission(request, tracking)
    d = dues(application, timekeeping.calendar(), timekeeping.today())
    return render(request, "cases/submitted.html", {"application": application, "dues": d})


def receipt(request: HttpRequest, tracking: str) -> HttpResponse:
    application = _own_submission(request, tracking)
    try:
        return docx(services.receipt(application, timekeeping.calendar()))
    except UnknownYearError as missing:
        # The receipt states the due date; it stays owed until the year is entered (the
        # sweep renders it then), and the applicant is told so instead of an error page.
        context = {"application": application, "missing_year": missing.year}
        return render(request, "cases/receipt_waiting.html", context, status=503)


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    found = None
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow("track", client_address(request), 30, 3600):
            return render(request, "cases/rate_limited.html", status=429)
        found = _lookup(form.cleaned_data["tracking_number"], form.cleaned_data["phone"])
        if found is None:
            form.add_error(None, "没有找到与查询码和联系电话相符的申请，请核对后重试")
    d = dues(found, timekeeping.calendar(), timekeeping.today()) if found else None
    return render(request, "cases/track.html", {"form": form, "application": found, "dues": d})


def _lookup(tracking: str, phone: str) -> Application | None:
    application = Application.objects.filter(tracking_number=tracking.strip().upper()).first()
    digits = "".join(ch for ch in phone if ch.isdigit())
    if application is None or "".join(ch for ch in application.phone if ch.isdigit()) != digits:
        return None
    return application
