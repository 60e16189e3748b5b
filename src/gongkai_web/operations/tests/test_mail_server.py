"""Mail leaves through the SMTP server the settings name (host, port, account, timeout), shown
against a small SMTP server listening on 127.0.0.1 in the test thread."""

from __future__ import annotations

import base64
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from django.core.mail import send_mail
from django.core.mail.backends.smtp import EmailBackend


@dataclass
class Received:
    commands: list[str] = field(default_factory=list)
    logins: list[str] = field(default_factory=list)
    data: list[str] = field(default_factory=list)


def serve_one(listener: socket.socket, received: Received) -> None:
    """One SMTP session: enough of RFC 5321 (and AUTH PLAIN) for Django's smtplib client."""
    conn, _ = listener.accept()
    with conn, conn.makefile("rb") as lines:

        def say(text: str) -> None:
            conn.sendall(text.encode() + b"\r\n")

        say("220 test.local ESMTP")
        while raw := lines.readline():
            line = raw.decode().rstrip("\r\n")
            verb = line.split(" ", 1)[0].upper()
            received.commands.append(verb)
            if verb == "EHLO":
                say("250-test.local\r\n250-AUTH PLAIN\r\n250 8BITMIME")
            elif verb == "AUTH":
                _, credentials = line.split(" ", 2)[1:]
                received.logins.append(base64.b64decode(credentials).decode())
                say("235 ok")
            elif verb == "DATA":
                say("354 go on")
                body = []
                while (part := lines.readline()) not in (b".\r\n", b""):
                    body.append(part.decode())
                received.data.append("".join(body))
                say("250 queued")
            elif verb == "QUIT":
                say("221 bye")
                return
            else:
                say("250 ok")


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Received]]:
    listener = socket.create_server(("127.0.0.1", 0))
    received = Received()
    thread = threading.Thread(target=serve_one, args=(listener, received), daemon=True)
    thread.start()
    yield listener.getsockname()[1], received
    thread.join(timeout=5)
    listener.close()


def test_it_sends_mail_through_the_configured_host_port_and_account(smtp_server, settings):
    port, received = smtp_server
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = "gongkai@xinhua.gov.cn", "pw"
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "gongkai@xinhua.gov.cn"
    assert send_mail("到期提醒", "正文", None, ["clerk@xinhua.gov.cn"]) == 1
    assert received.logins == ["\0gongkai@xinhua.gov.cn\0pw"]
    assert received.commands[:3] == ["EHLO", "AUTH", "MAIL"]
    (message,) = received.data
    assert "From: gongkai@xinhua.gov.cn" in message and "To: clerk@xinhua.gov.cn" in message


def test_it_gives_the_smtp_backend_the_settings_security_and_timeout(settings):
    settings.EMAIL_USE_SSL, settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = True, False, 7
    backend = EmailBackend()
    assert (backend.use_ssl, backend.use_tls, backend.timeout) == (True, False, 7)
