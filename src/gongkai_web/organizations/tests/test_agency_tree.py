"""The agency tree: validated credit codes, allowed levels, subtree queries."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from gongkai_web.audit.services import SYSTEM
from gongkai_web.organizations import selectors, services
from gongkai_web.organizations.models import Agency, Kind, Level
from gongkai_web.organizations.tests.cast import Cast


def test_it_lists_a_subtree_with_one_prefix_query(cast: Cast) -> None:
    names = [a.name for a in selectors.subtree(cast.agency("新华区教育局"))]
    assert names == ["新华区教育局", "新华区电化教育馆", "新华区实验小学", "新华区第一中学"]


def test_it_keeps_the_path_of_every_ancestor(cast: Cast) -> None:
    school = cast.agency("新华区实验小学")
    ancestors = Agency.objects.filter(path__in=school.ancestor_paths()).order_by("depth")
    assert [a.name for a in ancestors] == [
        "平顶山市人民政府",
        "新华区人民政府",
        "新华区教育局",
        "新华区实验小学",
    ]
    assert school.depth == 3


def test_it_knows_when_each_kind_reports(cast: Cast) -> None:
    assert cast.agency("新华区人民政府").report_due == (3, 31)
    assert cast.agency("新华区教育局").report_due == (1, 31)


def test_it_refuses_a_credit_code_with_a_wrong_check_character(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_agency(
            actor=SYSTEM,
            name="新华区司法局",
            credit_code="11410402005000009A",
            level=Level.DEPARTMENT,
            kind=Kind.DEPARTMENT,
            parent=cast.agency("新华区人民政府"),
        )
    assert "校验位应为" in caught.value.message_dict["credit_code"][0]


def test_it_refuses_a_level_that_cannot_sit_there(cast: Cast) -> None:
    with pytest.raises(ValidationError) as caught:
        services.create_agency(
            actor=SYSTEM,
            name="某县",
            credit_code="91350100M000100Y43",
            level=Level.COUNTY,
            kind=Kind.GOVERNMENT,
            parent=cast.agency("新华区教育局"),
        )
    assert caught.value.message_dict["level"] == [
        "部门之下不能直接设县（区），请检查上级机关或层级"
    ]


def test_it_refuses_a_credit_code_already_used(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="已被其他机关使用"):
        services.create_agency(
            actor=SYSTEM,
            name="重复机关",
            credit_code="11410402005000003L",
            level=Level.DEPARTMENT,
            kind=Kind.DEPARTMENT,
            parent=cast.agency("新华区人民政府"),
        )
