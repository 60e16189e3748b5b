"""First start: three administrator accounts, each with one role and a temporary password."""

from __future__ import annotations

import io
import re

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError

from gongkai_web.accounts.models import Profile
from gongkai_web.organizations.models import Agency, RoleGrant

pytestmark = pytest.mark.django_db


def bootstrap(*extra: str) -> str:
    out = io.StringIO()
    call_command("bootstrap_admins", "--agency", "新华区人民政府", *extra, stdout=out)
    return out.getvalue()


def test_it_creates_the_agency_and_three_separate_administrators() -> None:
    text = bootstrap("--credit-code", "11410402005000002H")
    assert Agency.objects.get().credit_code == "11410402005000002H"
    found = dict(re.findall(r"：(\w+) / (\S+)", text))
    assert set(found) == {"sysadmin", "secadmin", "auditor"}
    for username, password in found.items():
        user = authenticate(username=username, password=password)
        assert user is not None
        assert Profile.objects.get(user=user).must_change_password
        assert RoleGrant.objects.filter(user=user).count() == 1


def test_it_runs_only_once() -> None:
    bootstrap("--credit-code", "11410402005000002H")
    with pytest.raises(CommandError, match="不能重复初始化"):
        bootstrap()


def test_it_names_a_wrong_credit_code() -> None:
    with pytest.raises(CommandError, match="校验位应为 H"):
        bootstrap("--credit-code", "11410402005000002A")
    assert not Agency.objects.exists()
