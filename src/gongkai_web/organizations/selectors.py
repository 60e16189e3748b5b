from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.permissions import directory_agencies


@dataclass(frozen=True)
class TreeRow:
    agency: Agency
    indent: int


def agency_tree(user: Any) -> list[TreeRow]:
    """The agencies ``user`` may list, in tree order, indented from the shallowest shown."""
    agencies = list(directory_agencies(user).order_by("path"))
    if not agencies:
        return []
    top = min(agency.depth for agency in agencies)
    return [TreeRow(agency, agency.depth - top) for agency in agencies]


def subtree(agency: Agency) -> list[Agency]:
    return list(Agency.objects.filter(path__startswith=agency.path).order_by("path"))
