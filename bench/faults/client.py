"""Posting the public form as browsers do, and posting it again when it fails."""

from __future__ import annotations

import http.client
import io
import secrets
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from PIL import Image

from bench.faults.stack import App

CAPTCHA = "ABCDE"

PREPARE = """
import django, sys
django.setup()
from importlib import import_module
from django.conf import settings
SessionStore = import_module(settings.SESSION_ENGINE).SessionStore
from gongkai_web.cases import captcha
from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency
if not Agency.objects.exists():
    demo.load()
print(Agency.objects.get(name="新华区财政局").pk)
for _ in range(int(sys.argv[1])):
    s = SessionStore()
    s[captcha.SESSION_KEY] = "ABCDE"
    s.create()
    print(s.session_key)
"""


def _scan() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 90, 160)).save(out, format="PNG")
    return out.getvalue()


SCAN = _scan()


@dataclass
class Form:
    """One drawn form: its session (with a captcha answer), its key, what became of it."""

    index: int
    session: str
    key: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    tracking: str = ""
    refused: str = ""
    statuses: list[int] = field(default_factory=list)  # 0: no answer (connection lost)


def draw_forms(app: App, count: int) -> tuple[str, list[Form]]:
    lines = app.python(PREPARE, str(count)).split()
    return lines[0], [Form(i, session) for i, session in enumerate(lines[1:])]


def _body(agency: str, form: Form, boundary: str, token: str) -> bytes:
    fields = {
        "csrfmiddlewaretoken": token,
        "submission_key": form.key,
        "agency": agency,
        "applicant_column": "natural_person",
        "name": f"故障测试{form.index}",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": f"138{form.index:08d}",  # another applicant each: not a resubmission
        "description": "2024年区级部门预算公开情况",
        "provision_form": "paper",
        "delivery": "collect",
        "captcha": CAPTCHA,
    }
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
        for name, value in fields.items()
    ]
    parts.append(
        f'--{boundary}\r\nContent-Disposition: form-data; name="id_scan"; '
        f'filename="scan{form.index}.png"\r\nContent-Type: image/png\r\n\r\n'.encode()
        + SCAN
        + b"\r\n"
    )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts)


def post_once(
    port: int, agency: str, form: Form, headers: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """(status, Location, body) of one post; status 0 when the connection broke."""
    token = secrets.token_hex(16)  # an unmasked CSRF secret, in cookie and field
    boundary = secrets.token_hex(12)
    body = _body(agency, form, boundary, token)
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        conn.request(
            "POST",
            "/apply/",
            body=body,
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Cookie": f"sessionid={form.session}; csrftoken={token}",
                **(headers or {}),
            },
        )
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        return response.status, response.getheader("Location") or "", text
    except (OSError, http.client.HTTPException):
        return 0, "", ""
    finally:
        conn.close()


@dataclass
class Outcome:
    seconds: float
    errors: Counter[int]  # failed attempts by status (0: connection lost)
    bodies: dict[int, str]  # one body of each failing status
    timeline: list[tuple[float, int]]  # (seconds since the start, status) of every attempt


def submit_all(
    port: int,
    agency: str,
    forms: Iterable[Form],
    threads: int = 8,
    retries: int = 40,
    on_done: Callable[[int], None] | None = None,
) -> Outcome:
    """Post every form, each again (same key, same session) after a failure, until it is
    acknowledged or refused or its retries are spent."""
    queue = list(forms)[::-1]
    lock = threading.Lock()
    errors: Counter[int] = Counter()
    bodies: dict[int, str] = {}
    timeline: list[tuple[float, int]] = []
    done = 0
    began = time.monotonic()

    def work() -> None:
        nonlocal done
        while True:
            with lock:
                if not queue:
                    return
                form = queue.pop()
            for attempt in range(retries):
                status, location, body = post_once(port, agency, form)
                form.statuses.append(status)
                with lock:
                    timeline.append((time.monotonic() - began, status))
                if status == 302 and "/apply/" in location:
                    form.tracking = location.rstrip("/").rsplit("/", 1)[-1]
                    break
                if status in (200, 400, 403, 429):  # refused: shown again with a message
                    form.refused = f"{status}: {body[:300]}"
                    break
                with lock:
                    errors[status] += 1
                    bodies.setdefault(status, body[:2000])
                time.sleep(min(2.0, 0.2 * (attempt + 1)))
            with lock:
                done += 1
                count = done
            if on_done is not None:
                on_done(count)

    workers = [threading.Thread(target=work, daemon=True) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=900)
    return Outcome(time.monotonic() - began, errors, bodies, sorted(timeline))
