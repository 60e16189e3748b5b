"""The demo: each app that has demo data lists its loader module here, in load order.

A loader module has ``load() -> list[str]``: idempotent (running it twice changes nothing),
returning one line per thing it loaded. It may also have ``logins() -> list[DemoLogin]``,
which ``demo_banner`` prints. The ``demo_hongze`` modules (the second reference agency) are
left out when the setting GONGKAI_DEMO_HONGZE is off, as it is in the tests.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from dataclasses import dataclass
from types import ModuleType

from django.conf import settings
from django.db import transaction

DEMO_MODULES: tuple[str, ...] = (
    # Agencies and users come first: the other apps' demo data belongs to them.
    "gongkai_web.organizations.demo",
    "gongkai_web.organizations.demo_hongze",
    "gongkai_web.publishing.demo",
    "gongkai_web.publishing.demo_hongze",
    "gongkai_web.media_accounts.demo",
    "gongkai_web.cases.demo",
    "gongkai_web.cases.demo_hongze",
    "gongkai_web.oversight.demo",
    # Last: the annual reports are generated from the records the demos above load.
    "gongkai_web.annual_reports.demo",
    "gongkai_web.annual_reports.demo_hongze",
)


@dataclass(frozen=True, slots=True)
class DemoLogin:
    username: str
    password: str
    role: str  # e.g. "登记员"
    agency: str = ""


HONGZE_SUFFIX = ".demo_hongze"


def modules() -> Iterator[ModuleType]:
    for name in DEMO_MODULES:
        if name.endswith(HONGZE_SUFFIX) and not settings.GONGKAI_DEMO_HONGZE:
            continue
        yield importlib.import_module(name)


@transaction.atomic
def load_all() -> list[str]:
    lines: list[str] = []
    for module in modules():
        lines += module.load()
    return lines


def all_logins() -> list[DemoLogin]:
    found: list[DemoLogin] = []
    for module in modules():
        logins = getattr(module, "logins", None)
        if logins is not None:
            found += logins()
    return found
