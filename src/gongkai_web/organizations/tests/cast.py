"""The cast of the spine's tests: the demo agencies and one user per role.

Import the fixtures into a test module (or a conftest) with
``from gongkai_web.organizations.tests.cast import cast, login_as  # noqa: F401``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai_web.organizations import demo
from gongkai_web.organizations.models import Agency

PASSWORD = demo.DEMO_PASSWORD


@dataclass
class Cast:
    users: dict[str, User]
    agencies: dict[str, Agency]

    def user(self, username: str) -> User:
        return self.users[username]

    def agency(self, name: str) -> Agency:
        return self.agencies[name]


@pytest.fixture
def cast(db: None) -> Cast:
    demo.load()
    return Cast(
        users={u.username: u for u in User.objects.all()},
        agencies={a.name: a for a in Agency.objects.all()},
    )


@pytest.fixture
def login_as(cast: Cast) -> Callable[[str], Client]:
    def make(username: str) -> Client:
        client = Client()
        client.force_login(cast.user(username))
        return client

    return make
