"""Idle timeout and the first-login password change, applied to every request."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from gongkai_web import clock
from gongkai_web.accounts.models import Profile

LAST_SEEN = "gongkai_last_seen"


def idle_seconds() -> int:
    return int(getattr(settings, "GONGKAI_IDLE_TIMEOUT", 30 * 60))


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    # htmx swaps a plain redirect into the page; HX-Redirect makes it a full navigation.
    if request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class IdleTimeoutMiddleware:
    """Ends a session after GONGKAI_IDLE_TIMEOUT seconds without a request (30 minutes)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            now = clock.wall_time()
            last = request.session.get(LAST_SEEN)
            if last is not None and now - float(last) > idle_seconds():
                logout(request)
                messages.info(
                    request, f"您已超过 {idle_seconds() // 60} 分钟未操作，已自动退出，请重新登录。"
                )
                query = urlencode({"next": request.get_full_path()})
                return _redirect(request, f"{reverse('login')}?{query}")
            request.session[LAST_SEEN] = now
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Until a new account changes its initial password, every page leads to the change form."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated and not self._exempt(request.path):
            must = (
                Profile.objects.filter(user=request.user, must_change_password=True)
                .values_list("pk", flat=True)
                .exists()
            )
            if must:
                messages.warning(request, "首次登录或密码被重置后，请先修改密码。")
                return _redirect(request, reverse("password_change"))
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        allowed = (reverse("password_change"), reverse("logout"), settings.STATIC_URL)
        return any(path.startswith(prefix) for prefix in allowed)
