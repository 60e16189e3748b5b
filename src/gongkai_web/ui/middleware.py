"""Chinese error pages with DEBUG on too (``make demo`` runs with it): Django's English
technical 404 page is for developers, who set GONGKAI_TECHNICAL_ERRORS=1 to see it. With
DEBUG off Django renders 400/403/404/500.html and 403_csrf.html itself."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render


def _active() -> bool:
    return bool(settings.DEBUG) and not getattr(settings, "GONGKAI_TECHNICAL_ERRORS", False)


class ChineseErrorPagesMiddleware:
    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        # No URL matched: the resolver's 404 never reaches process_exception.
        if (
            _active()
            and response.status_code == 404
            and getattr(request, "resolver_match", None) is None
        ):
            return render(request, "404.html", status=404)
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if _active() and isinstance(exception, Http404):
            return render(request, "404.html", status=404)
        return None


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every response that does not set its own."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse = self.get_response(request)
        policy = getattr(settings, "GONGKAI_CSP", "")
        if policy and "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = policy
        return response
