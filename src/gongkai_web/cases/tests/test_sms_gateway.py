"""The HTTP SMS gateway, against a gateway started on 127.0.0.1 in the test (never the internet),
and what the reminders and the daily task report for sent, failed and unsent messages."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from gongkai_web.accounts.models import Profile
from gongkai_web.cases import reminders, services, sms, tasks, timekeeping
from gongkai_web.cases.sms import Delivery, GatewayConfig, HttpGatewaySms

from .conftest import CALENDAR

D = dt.date


class Gateway(BaseHTTPRequestHandler):
    """Answers each POST with the status and JSON body the test set, and keeps the request."""

    requests: ClassVar[list[dict[str, Any]]] = []
    status: ClassVar[int] = 200
    reply: ClassVar[bytes] = b'{"code": 0, "msg": "ok"}'
    delay: ClassVar[float] = 0.0

    def do_POST(self) -> None:
        length = int(self.headers["Content-Length"])
        Gateway.requests.append(
            {
                "path": self.path,
                "headers": dict(self.headers),
                "body": json.loads(self.rfile.read(length).decode("utf-8")),
            }
        )
        if Gateway.delay:
            threading.Event().wait(Gateway.delay)
        try:
            self.send_response(Gateway.status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(Gateway.reply)))
            self.end_headers()
            self.wfile.write(Gateway.reply)
        except BrokenPipeError:  # the client gave up waiting (the timeout test)
            pass

    def log_message(self, format: str, *args: Any) -> None:  # keep the test output clean
        pass


@pytest.fixture
def gateway() -> Iterator[str]:
    Gateway.requests.clear()
    Gateway.status, Gateway.reply, Gateway.delay = 200, b'{"code": 0, "msg": "ok"}', 0.0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Gateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sms/send"
    server.shutdown()
    server.server_close()
    thread.join()


def test_it_posts_the_documented_json_and_counts_a_success(gateway) -> None:
    sender = HttpGatewaySms(
        GatewayConfig(
            url=gateway,
            account="xinhua",
            password="s3cret",
            token="tok",
            sign="新华区政务公开",
            template="SMS_0001",
        )
    )
    assert sender.send("13700000000", "您有一件申请即将到期") == sms.SmsResult(Delivery.SENT)
    (request,) = Gateway.requests
    assert request["path"] == "/sms/send"
    assert request["headers"]["Content-Type"] == "application/json; charset=utf-8"
    assert request["headers"]["Authorization"] == "Bearer tok"
    assert request["body"] == {
        "account": "xinhua",
        "password": "s3cret",
        "sign": "新华区政务公开",
        "templateId": "SMS_0001",
        "mobile": "13700000000",
        "content": "您有一件申请即将到期",
    }


def test_it_renames_and_drops_fields_and_reads_a_nested_success_field(gateway) -> None:
    Gateway.reply = json.dumps({"result": {"status": "SUCCESS"}}).encode()
    fields = {**sms.DEFAULT_FIELDS, "phone": "phoneNumbers", "password": "", "template": ""}
    sender = HttpGatewaySms(
        GatewayConfig(
            url=gateway,
            account="a",
            password="never-sent",
            success_field="result.status",
            success_value="SUCCESS",
            fields=tuple(fields.items()),
        )
    )
    assert sender.send("13700000000", "文本").delivery is Delivery.SENT
    assert Gateway.requests[0]["body"] == {
        "account": "a",
        "sign": "",
        "phoneNumbers": "13700000000",
        "content": "文本",
    }
    assert "Authorization" not in Gateway.requests[0]["headers"]


@pytest.mark.parametrize(
    ("status", "reply", "reason"),
    [
        (200, b'{"code": 1001, "msg": "sign invalid"}', "code=1001（成功应为 '0'）：sign invalid"),
        (200, b"<html>busy</html>", "不是 JSON"),
        (200, b'{"msg": "ok"}', "code=None"),
        (500, b'{"code": 0}', "HTTP 500"),
    ],
)
def test_it_reports_a_refused_message_as_failed_with_the_reason(
    gateway, status, reply, reason
) -> None:
    Gateway.status, Gateway.reply = status, reply
    result = HttpGatewaySms(GatewayConfig(url=gateway)).send("13700000000", "文本")
    assert result.delivery is Delivery.FAILED
    assert reason in result.detail


def test_it_fails_a_message_when_the_gateway_is_slower_than_the_timeout(gateway) -> None:
    Gateway.delay = 1.0
    result = HttpGatewaySms(GatewayConfig(url=gateway, timeout=0.2)).send("13700000000", "文本")
    assert result.delivery is Delivery.FAILED
    assert "无法连接短信网关" in result.detail


def test_it_fails_a_message_when_nothing_listens() -> None:
    result = HttpGatewaySms(GatewayConfig(url="http://127.0.0.1:9/sms")).send("137", "x")
    assert result.delivery is Delivery.FAILED


@pytest.fixture
def due_case(submit, actors, cast):
    clerk = cast.user("jiaoyu_clerk")
    clerk.email = "clerk@example.gov.cn"
    clerk.save()
    Profile.objects.filter(user=clerk).update(phone="13700000000")
    application = submit()
    services.assign(
        actor=actors["clerk"],
        application=application,
        unit=cast.agency("新华区教育局"),
        handler=clerk,
        on=D(2025, 3, 3),
        today=D(2025, 3, 3),
    )
    return application


@pytest.mark.django_db
def test_it_sends_reminders_through_the_gateway_configured_in_settings(
    due_case, gateway, settings
) -> None:
    settings.GONGKAI_SMS_BACKEND = "gongkai_web.cases.sms.HttpGatewaySms"
    settings.GONGKAI_SMS_URL = gateway
    settings.GONGKAI_SMS_FIELDS = {"phone": "to"}
    assert sms.configured()
    sent = reminders.send_reminders([due_case.agency], CALENDAR, D(2025, 3, 26))
    assert (sent.sms, sent.sms_failed, sent.sms_not_sent) == (1, 0, 0)
    assert Gateway.requests[0]["body"]["to"] == "13700000000"
    assert due_case.tracking_number in Gateway.requests[0]["body"]["content"]


@pytest.mark.django_db
def test_it_reports_each_failed_message_of_the_reminders(due_case, gateway, settings) -> None:
    settings.GONGKAI_SMS_BACKEND = "gongkai_web.cases.sms.HttpGatewaySms"
    settings.GONGKAI_SMS_URL = gateway
    Gateway.reply = b'{"code": 40001, "msg": "balance exhausted"}'
    sent = reminders.send_reminders([due_case.agency], CALENDAR, D(2025, 3, 26))
    assert (sent.emails, sent.sms, sent.sms_failed, sent.sms_not_sent) == (1, 0, 1, 0)
    (line,) = sent.failures
    assert due_case.tracking_number in line and "137****0000" in line
    assert "balance exhausted" in line
    assert "短信已发送 0 条，发送失败 1 条" in sent.summary()


@pytest.mark.django_db
def test_it_never_counts_a_logged_message_as_sent(
    due_case, settings, frozen_clock, monkeypatch
) -> None:
    assert settings.GONGKAI_SMS_BACKEND == "gongkai_web.cases.sms.LoggingSms"
    assert not sms.configured()
    frozen_clock.set(D(2025, 3, 26))
    monkeypatch.setattr(timekeeping, "calendar", lambda: CALENDAR)
    summary = tasks.daily_reminders.call_local()
    assert summary == "邮件已发送 1 封，短信已发送 0 条，1 条未发送（未配置短信网关）"


def test_it_is_not_configured_with_the_gateway_but_no_url(settings) -> None:
    settings.GONGKAI_SMS_BACKEND = "gongkai_web.cases.sms.HttpGatewaySms"
    settings.GONGKAI_SMS_URL = ""
    assert not sms.configured()
    assert HttpGatewaySms().send("13700000000", "文本").delivery is Delivery.NOT_SENT
