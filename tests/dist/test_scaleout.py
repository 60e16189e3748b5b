"""Two application servers on one database and one Redis (docs/operations.md, "Scaling"):
what one server knows of a login, a lockout, a rate limit or a counter, the other knows too.

Requests alternate between the two gunicorn instances (and go through nginx in front of both).
Runs with `make test-scaleout` (needs the system PostgreSQL and Redis, and nginx or
GONGKAI_NGINX): a few minutes on a loaded two-core machine.
"""

from __future__ import annotations

import http.client
import itertools
import re
import secrets
import subprocess
import sys
import threading
from collections.abc import Iterator

import pytest
from bench.faults.client import Form, draw_forms, post_once
from bench.scaleout.stack import Stack, build, nginx_binary

pytestmark = [pytest.mark.scaleout, pytest.mark.slow]

APPLY_LIMIT = 6
PASSWORD = "Gongkai#2024"  # organizations.demo.DEMO_PASSWORD


@pytest.fixture(scope="module")
def stack() -> Iterator[Stack]:
    if nginx_binary() is None:
        pytest.skip("nginx is not installed (GONGKAI_NGINX may name its binary)")
    built = build(apply_limit=APPLY_LIMIT)
    try:
        built.start_servers(2)
        yield built
    finally:
        for app in built.apps:  # shown with a failure
            log = app.base / "gunicorn.log"
            print(log.read_text(errors="replace")[-3000:] if log.exists() else "")
        built.stop()


@pytest.fixture(scope="module")
def drawn(stack: Stack) -> tuple[str, list[Form]]:
    """The demo's agencies and accounts, and 60 sessions with a captcha answered."""
    return draw_forms(stack.apps[0], 60)


def request(
    port: int, method: str, path: str, body: str = "", headers: dict[str, str] | None = None
) -> http.client.HTTPResponse:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request(method, path, body=body.encode(), headers=headers or {})
    response = conn.getresponse()
    response.read()
    conn.close()
    return response


def login(port: int, username: str, password: str, address: str) -> http.client.HTTPResponse:
    token = secrets.token_hex(16)
    return request(
        port,
        "POST",
        "/accounts/login/",
        f"csrfmiddlewaretoken={token}&username={username}&password={password}",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token}",
            "X-Forwarded-For": address,
        },
    )


def test_it_keeps_a_login_made_on_one_server_on_the_other(
    stack: Stack, drawn: tuple[str, list[Form]]
) -> None:
    one, other = stack.ports
    made = login(one, "caizheng_clerk", PASSWORD, "10.1.0.1")
    assert made.status == 302, made.status
    cookie = re.search(r"sessionid=([^;]+)", made.getheader("Set-Cookie") or "")
    assert cookie is not None
    for port in (other, one, other, stack.nginx.port if stack.nginx else other):
        page = request(
            port,
            "GET",
            "/accounts/password_change/",
            headers={"Cookie": f"sessionid={cookie.group(1)}"},
        )
        assert page.status == 200, (port, page.status)
    anonymous = request(other, "GET", "/accounts/password_change/")
    assert anonymous.status == 302


def test_it_counts_login_failures_made_on_both_servers_together(
    stack: Stack, drawn: tuple[str, list[Form]]
) -> None:
    address = "10.1.0.2"
    ports = itertools.cycle(stack.ports)
    for _ in range(5):  # GONGKAI_LOCKOUT_FAILURES: 3 on one server, 2 on the other
        failed = login(next(ports), "weijian_clerk", "wrong-password", address)
        assert failed.status == 200
    for port in stack.ports:
        locked = login(port, "weijian_clerk", PASSWORD, address)
        assert locked.status == 200, "the right password was let in while the account is locked"
    elsewhere = login(stack.ports[1], "weijian_clerk", PASSWORD, "10.1.0.3")
    assert elsewhere.status == 302


def test_it_holds_the_form_rate_limit_across_both_servers(
    stack: Stack, drawn: tuple[str, list[Form]]
) -> None:
    agency, forms = drawn
    statuses = [
        post_once(port, agency, form, {"X-Forwarded-For": "10.2.0.1"})[0]
        for port, form in zip(itertools.cycle(stack.ports), forms[: APPLY_LIMIT + 4], strict=False)
    ]
    assert statuses.count(302) == APPLY_LIMIT, statuses
    assert statuses[APPLY_LIMIT:] == [429] * 4, statuses


def test_it_never_repeats_a_tracking_number_under_concurrent_use_of_both(
    stack: Stack, drawn: tuple[str, list[Form]]
) -> None:
    agency, forms = drawn
    batch = forms[APPLY_LIMIT + 4 :]
    numbers: list[str] = []
    lock = threading.Lock()
    # Straight to the servers: through nginx every client would be nginx's address.
    targets = stack.ports

    def post(index: int, form: Form) -> None:
        # Each client its own address, so that the rate limit does not refuse them.
        status, location, body = post_once(
            targets[index % len(targets)], agency, form, {"X-Forwarded-For": f"10.3.0.{index}"}
        )
        assert status == 302, (status, body[:300])
        with lock:
            numbers.append(location.rstrip("/").rsplit("/", 1)[-1])

    threads = [threading.Thread(target=post, args=(i, f)) for i, f in enumerate(batch)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert len(numbers) == len(batch)
    assert len(set(numbers)) == len(numbers), sorted(numbers)


def test_it_keeps_the_audit_chain_whole_after_concurrent_writes_through_both(
    stack: Stack, drawn: tuple[str, list[Form]]
) -> None:
    # Runs after the tests above: logins, lockouts and applications were audited on both.
    verified = subprocess.run(
        [sys.executable, "-m", "gongkai_web.manage", "verify_audit_chain"],
        env=stack.apps[0].env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert verified.returncode == 0, verified.stdout + verified.stderr
    assert "审计链完好" in verified.stdout
