"""JSON API for an upstream 政务服务 portal: submit an application, read its status.

One bearer token per client system (ApiClient; only its SHA-256 is stored), a rate limit per
client, and an audit row for every authenticated call, refused ones included. Failed
authentications are limited per address and audited as counts (``_refuse_bad_token``).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from typing import Any

from django.conf import settings
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from gongkai.workdays import UnknownYearError
from gongkai_web import clock
from gongkai_web.audit import services as audit
from gongkai_web.cases import ratelimit, services, timekeeping
from gongkai_web.cases.clock import dues
from gongkai_web.cases.models import COLUMN_CHOICES, ApiClient, Application
from gongkai_web.organizations.models import Agency

FIELDS = (
    "applicant_type",
    "name",
    "id_type",
    "id_number",
    "phone",
    "description",
    "provision_form",
    "delivery",
)
OPTIONAL = ("legal_representative", "address", "postcode", "email", "document_number", "purpose")
RETRY_AFTER_SECONDS = 3600  # entering a year's calendar is an administrator's task, not seconds


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_client(*, actor: audit.Actor, name: str, agency: Agency) -> tuple[ApiClient, str]:
    """A new client and its token, shown once."""
    token = secrets.token_urlsafe(32)
    client = ApiClient.objects.create(
        name=name, agency=agency, token_hash=token_hash(token), created_at=clock.now()
    )
    audit.record(actor=actor, action="cases.api_client_created", obj=client, agency=agency)
    return client, token


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse(
        {"error": message}, status=status, json_dumps_params={"ensure_ascii": False}
    )


def _client(request: HttpRequest) -> ApiClient | None:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    return (
        ApiClient.objects.select_related("agency")
        .filter(token_hash=token_hash(header[7:].strip()), active=True)
        .first()
    )


def _audited(
    request: HttpRequest, client: ApiClient | None, action: str, status: int, **changes: Any
) -> None:
    with transaction.atomic():
        audit.record(
            actor=audit.Actor(
                user=None,
                role="api",
                agency=client.agency if client else None,
                address=audit.client_address(request),
            ),
            action=f"cases.api.{action}",
            object_type="cases.apiclient",
            object_id=str(client.pk) if client else "",
            changes={"client": client.name if client else "", "status": status, **changes},
        )


def auth_limit() -> tuple[int, int]:
    return (
        int(getattr(settings, "GONGKAI_API_AUTH_FAILURES", 10)),
        int(getattr(settings, "GONGKAI_API_AUTH_WINDOW", 600)),
    )


def _counted_as_audit(count: int, limit: int) -> bool:
    """Failed authentications enter the audit log as counts: the first of a window, the one
    that reaches the limit, then each tenfold (100, 1000 …), never one row per call."""
    if count in (1, limit):
        return True
    return count > limit and count >= 10 and str(count).rstrip("0") == "1"


def _refuse_bad_token(request: HttpRequest, action: str) -> JsonResponse:
    limit, window = auth_limit()
    address = audit.client_address(request)
    count = ratelimit.hit("api-auth", address, window)
    if _counted_as_audit(count, limit):
        _audited(
            request, None, action, 401 if count < limit else 429, failures=count, window=window
        )
    if count >= limit:
        response = _error(
            429, f"访问令牌错误次数过多：{window // 60} 分钟内已有 {count} 次，请稍后再试"
        )
        response["Retry-After"] = str(window)
        return response
    return _error(401, "缺少或无效的访问令牌（Authorization: Bearer <token>）")


def _guard(request: HttpRequest, action: str) -> tuple[ApiClient | None, JsonResponse | None]:
    limit, window = auth_limit()
    if ratelimit.hits("api-auth", audit.client_address(request), window) >= limit:
        # Refused before the token is even looked up: a flood costs no query and no row.
        return None, _refuse_bad_token(request, action)
    client = _client(request)
    if client is None:
        return None, _refuse_bad_token(request, action)
    limit = int(getattr(settings, "GONGKAI_API_LIMIT", 120))
    if not ratelimit.allow("api", str(client.pk), limit, 60):
        _audited(request, client, action, 429)
        return client, _error(429, f"调用过于频繁：每分钟最多 {limit} 次")
    return client, None


def _status_body(application: Application) -> dict[str, Any]:
    d = dues(application, timekeeping.calendar(), timekeeping.today())
    return {
        "tracking_number": application.tracking_number,
        "agency": application.agency.name,
        "received_on": application.received_on.isoformat(),
        "state": application.state,
        "state_label": application.state_label,
        "due": d.due.isoformat() if d.due else None,
        "replied_on": application.closed_on.isoformat() if application.closed_on else None,
        "reply_number": application.reply_number or None,
    }


@csrf_exempt
@require_POST
def submit(request: HttpRequest) -> HttpResponse:
    client, refused = _guard(request, "submit")
    if refused is not None:
        return refused
    assert client is not None
    try:
        body = json.loads(request.body or b"{}")
        if not isinstance(body, dict):
            raise ValueError
    except ValueError:
        _audited(request, client, "submit", 400)
        return _error(400, "请求体应为 JSON 对象")
    missing = [name for name in FIELDS if not str(body.get(name, "")).strip()]
    if missing:
        _audited(request, client, "submit", 400, missing=missing)
        return _error(400, "缺少字段：" + "、".join(missing))
    data = services.ApplicantData(
        column=str(body["applicant_type"]),
        name=str(body["name"]),
        id_type=str(body["id_type"]),
        id_number=str(body["id_number"]),
        phone=str(body["phone"]),
        description=str(body["description"]),
        provision_form=str(body["provision_form"]),
        delivery=str(body["delivery"]),
        **{name: str(body.get(name, "")) for name in OPTIONAL},
    )
    today = timekeeping.today()
    try:
        application = services.receive(
            actor=audit.Actor(
                user=None, role="api", agency=client.agency, address=audit.client_address(request)
            ),
            agency=client.agency,
            applicant=data,
            channel="api",
            received_on=today,
            today=today,
            calendar=timekeeping.calendar(),
        )
    except services.CaseError as error:
        _audited(request, client, "submit", 422, error=error.message)
        return _error(422, error.message)
    except UnknownYearError as error:
        # Nothing is wrong with the request: the agency has not entered this year's work
        # calendar, so no due date can be computed yet. The same call succeeds once it has.
        message = (
            f"受理机关尚未录入 {error.year} 年的工作日历（节假日安排），暂时无法计算答复期限、"
            f"受理申请；请稍后重试，或联系受理机关的系统管理员录入 {error.year} 年安排"
        )
        _audited(request, client, "submit", 503, error=message, year=error.year)
        response = _error(503, message)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    _audited(request, client, "submit", 201, tracking_number=application.tracking_number)
    return JsonResponse(
        _status_body(application), status=201, json_dumps_params={"ensure_ascii": False}
    )


@require_GET
def status(request: HttpRequest, tracking: str) -> HttpResponse:
    client, refused = _guard(request, "status")
    if refused is not None:
        return refused
    assert client is not None
    application = (
        Application.objects.filter(tracking_number=tracking, agency=client.agency)
        .select_related("agency")
        .first()
    )
    if application is None:
        _audited(request, client, "status", 404, tracking_number=tracking)
        return _error(404, "没有这个查询码的申请")
    _audited(request, client, "status", 200, tracking_number=tracking)
    return JsonResponse(_status_body(application), json_dumps_params={"ensure_ascii": False})


def schema() -> dict[str, Any]:
    text = {"type": "string"}
    applicant = {
        "type": "object",
        "required": list(FIELDS),
        "properties": {
            "applicant_type": {
                "type": "string",
                "enum": [v for v, _ in COLUMN_CHOICES],
                "description": "表三的申请人类别：自然人或五类法人或其他组织",
            },
            "name": text,
            "id_type": {
                "type": "string",
                "enum": ["resident_id", "passport", "other", "credit_code"],
            },
            "id_number": text,
            "phone": text,
            "description": {"type": "string", "description": "所需政府信息的内容描述"},
            "provision_form": {"type": "string", "enum": ["paper", "email", "disc", "onsite"]},
            "delivery": {"type": "string", "enum": ["collect", "post", "email", "online"]},
            **{name: text for name in OPTIONAL},
        },
    }
    status_schema = {
        "type": "object",
        "properties": {
            "tracking_number": text,
            "agency": text,
            "received_on": {"type": "string", "format": "date"},
            "state": text,
            "state_label": text,
            "due": {"type": "string", "format": "date", "nullable": True},
            "replied_on": {"type": "string", "format": "date", "nullable": True},
            "reply_number": {"type": "string", "nullable": True},
        },
    }
    error = {"type": "object", "properties": {"error": text}}

    def answer(description: str, body: dict[str, Any]) -> dict[str, Any]:
        return {"description": description, "content": {"application/json": {"schema": body}}}

    return {
        "openapi": "3.0.3",
        "info": {"title": "gongkai 依申请公开接口", "version": "1"},
        "components": {
            "securitySchemes": {"token": {"type": "http", "scheme": "bearer"}},
            "schemas": {"Applicant": applicant, "Status": status_schema, "Error": error},
        },
        "security": [{"token": []}],
        "paths": {
            "/api/v1/applications": {
                "post": {
                    "summary": "提交政府信息公开申请",
                    "requestBody": {
                        "required": True,
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/Applicant"}
                            }
                        },
                    },
                    "responses": {
                        "201": answer("已受理", {"$ref": "#/components/schemas/Status"}),
                        "400": answer("请求格式错误", {"$ref": "#/components/schemas/Error"}),
                        "401": answer("令牌无效", {"$ref": "#/components/schemas/Error"}),
                        "422": answer("内容不符合要求", {"$ref": "#/components/schemas/Error"}),
                        "429": answer("调用过于频繁", {"$ref": "#/components/schemas/Error"}),
                        "503": {
                            **answer(
                                "暂时无法受理：受理机关尚未录入收到申请当年的工作日历，"
                                "无法计算答复期限；录入后重试即可",
                                {"$ref": "#/components/schemas/Error"},
                            ),
                            "headers": {
                                "Retry-After": {
                                    "description": "建议多少秒后重试",
                                    "schema": {"type": "integer"},
                                }
                            },
                        },
                    },
                }
            },
            "/api/v1/applications/{tracking_number}": {
                "get": {
                    "summary": "查询办理状态",
                    "parameters": [
                        {"name": "tracking_number", "in": "path", "required": True, "schema": text}
                    ],
                    "responses": {
                        "200": answer("办理状态", {"$ref": "#/components/schemas/Status"}),
                        "401": answer("令牌无效", {"$ref": "#/components/schemas/Error"}),
                        "404": answer("没有这个申请", {"$ref": "#/components/schemas/Error"}),
                    },
                }
            },
        },
    }


@require_GET
def openapi(request: HttpRequest) -> HttpResponse:
    return JsonResponse(schema(), json_dumps_params={"ensure_ascii": False})
