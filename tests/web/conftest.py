"""Fixtures for the browser tests: Playwright driving Debian's Chromium.

Playwright's own browser download needs the internet, so the tests use the system Chromium
(/usr/bin/chromium, or GONGKAI_CHROMIUM). When it is missing they are skipped, and the
terminal summary says so in a line nobody can miss. GONGKAI_REQUIRE_BROWSER=1 (set by CI
once it has installed Chromium) turns the skip into a failure.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.servers.basehttp import ThreadedWSGIServer
from django.db import connections
from django.test.testcases import LiveServerThread

CHROMIUM = Path(os.environ.get("GONGKAI_CHROMIUM", "/usr/bin/chromium"))
# stack.md §7: the flags that let Debian's Chromium run headless in a container.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]

_skipped: list[str] = []


class _OneRequestAtATime(ThreadedWSGIServer):
    """On SQLite the live server's threads share the test's one in-memory connection, which
    SQLite refuses to use for two statements at once ("database table is locked"). A page
    now makes requests in parallel (the menu's 待办 count loads beside it), so the requests
    take turns inside Django; sockets are still read in their own threads, so a browser's
    idle pre-opened connection never blocks the others."""

    _turn = threading.Lock()

    def set_app(self, application):  # type: ignore[no-untyped-def]
        turn = self._turn

        def one_at_a_time(environ, start_response):  # type: ignore[no-untyped-def]
            with turn:
                return application(environ, start_response)

        super().set_app(one_at_a_time)


if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
    LiveServerThread.server_class = _OneRequestAtATime

# The test's own writes while a page may still be loading (logging a person in) take the
# same turn.
SERVER_TURN = _OneRequestAtATime._turn


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    if _skipped:
        terminalreporter.write_sep("!", "BROWSER TESTS SKIPPED", red=True, bold=True)
        terminalreporter.write_line(
            f"BROWSER TESTS SKIPPED: {_skipped[0]} ({len(_skipped)} tests)", red=True, bold=True
        )


@pytest.fixture
def chromium(live_server, monkeypatch) -> Iterator[object]:
    # Playwright's sync API keeps an event loop running in this thread while the browser is
    # open, and Django would refuse every database call made meanwhile (stack.md §7). The
    # browser lives for one test only, so that no other test runs under this switch.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not (CHROMIUM.is_file() and os.access(CHROMIUM, os.X_OK)):
        reason = f"chromium not found at {CHROMIUM}"
        if os.environ.get("GONGKAI_REQUIRE_BROWSER") == "1":
            pytest.fail(f"{reason}, and GONGKAI_REQUIRE_BROWSER=1")
        _skipped.append(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
        # While Playwright's loop runs, Django keeps this thread's database connections in a
        # separate (async-context) slot; close them now, or PostgreSQL refuses to drop the
        # test database at the end ("being accessed by other users").
        connections.close_all()


@pytest.fixture
def page(chromium):
    context = chromium.new_context(accept_downloads=True, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()
