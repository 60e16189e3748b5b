"""Clicking through the shared review panel (workflow/panel.html) as a person would."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def panel_move(
    page: Any,
    url: str,
    action: str,
    note: str = "",
    select: Mapping[str, str] | None = None,
    fill: Mapping[str, str] | None = None,
) -> None:
    """Open ``url``, fill the form of ``action`` in the panel and press its button."""
    page.goto(url)
    form = page.locator(f"form.workflow-move[data-action='{action}']")
    form.wait_for()
    for label, option in (select or {}).items():
        form.get_by_label(label).select_option(label=option)
    for label, text in (fill or {}).items():
        form.get_by_label(label).fill(text)
    if note:
        form.locator("textarea[name='note']").fill(note)
    form.get_by_role("button").click()


def acknowledge(page: Any, url: str, words: Iterable[str], reason: str) -> None:
    page.goto(url)
    form = page.locator("form.workflow-move[data-action='acknowledge']")
    form.wait_for()
    for word in words:
        form.locator(f"input[name='words'][value='{word}']").check()
    form.locator("textarea[name='note']").fill(reason)
    form.get_by_role("button").click()


def state(page: Any) -> str:
    return str(page.locator("[data-field='workflow-state']").inner_text())


def note_missing(page: Any, action: str) -> bool:
    """The browser kept the form back because its required note is empty."""
    note = page.locator(f"form.workflow-move[data-action='{action}'] textarea[name='note']")
    return bool(note.evaluate("e => e.validity.valueMissing"))


def post_directly(page: Any, url: str, kind: str, data: Mapping[str, str]) -> str:
    """The move as a hand-made request (what a script or an old page would send)."""
    token = page.locator("input[name='csrfmiddlewaretoken']").first.input_value()
    pk = url.rstrip("/").rsplit("/", 1)[-1]
    origin = url.split("/", 3)[:3]
    target = "/".join(origin) + f"/workflow/{kind}/{pk}/"
    response = page.request.post(target, form={**data, "csrfmiddlewaretoken": token})
    return str(response.text())
