"""The agency's 目录分类 tree."""

from __future__ import annotations

from django.db import transaction

from gongkai_web.audit import services as audit
from gongkai_web.organizations.models import Agency
from gongkai_web.publishing.models import Category


def create_category(
    *, actor: audit.Actor, agency: Agency, name: str, parent: Category | None = None,
    position: int = 0, description: str = "",
) -> Category:  # fmt: skip
    with transaction.atomic():
        category = Category.objects.create(
            agency=agency, name=name, parent=parent, position=position, description=description
        )
        audit.record(
            actor=actor, action="catalogue.category", obj=category, agency=agency,
            changes={"name": name, "parent": parent.name if parent else ""},
        )  # fmt: skip
    return category
