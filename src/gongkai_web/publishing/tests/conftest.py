from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from gongkai.publishing.review import Stage
from gongkai_web.audit.services import Actor
from gongkai_web.organizations.models import Agency
from gongkai_web.organizations.tests.cast import Cast, cast, login_as  # noqa: F401
from gongkai_web.publishing import services
from gongkai_web.publishing.models import Category, Entry
from gongkai_web.publishing.workflow import SecrecyConclusion

BUREAU = "新华区教育局"


def a_pdf(number: int = 0) -> bytes:
    """A real one-page PDF (attachments are read and cleaned, so they must parse)."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595 + number, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


CLEAR = SecrecyConclusion.NONE


@dataclass
class Desk:
    """The education bureau's publishing desk: its agency, a category and its three people."""

    agency: Agency
    category: Category
    cast: Cast

    def actor(self, username: str) -> Actor:
        return Actor(user=self.cast.user(username), agency=self.agency)

    def draft(self, **fields: Any) -> Entry:
        values: dict[str, Any] = {
            "title": "关于做好2025年秋季学期开学工作的通知",
            "summary": "开学时间和安全工作要求。",
            "body": "各中小学：请做好开学准备工作。",
            "written_on": dt.date.today(),
            "category": self.category,
        }
        values.update(fields)
        return services.create_entry(actor=self.actor("jiaoyu_clerk"), agency=self.agency, **values)

    def publish(self, entry: Entry, on: dt.date | None = None) -> Entry:
        entry = services.submit(actor=self.actor("jiaoyu_clerk"), entry=entry)
        for stage, username in (
            (Stage.SECRECY, "jiaoyu_reviewer"),
            (Stage.FIRST, "jiaoyu_editor"),
            (Stage.SECOND, "jiaoyu_reviewer"),
            (Stage.FINAL, "jiaoyu_leader"),
        ):
            entry = services.decide(
                actor=self.actor(username), entry=entry, stage=stage, passed=True,
                opinion="同意", on=on, conclusion=CLEAR if stage is Stage.SECRECY else "",
            )  # fmt: skip
        return entry


@pytest.fixture
def desk(cast: Cast) -> Desk:  # noqa: F811
    agency = cast.agency(BUREAU)
    category = services.create_category(
        actor=Actor(user=None, role="system"), agency=agency, name="法规文件"
    )
    return Desk(agency=agency, category=category, cast=cast)


@pytest.fixture
def make_published(desk: Desk) -> Callable[..., Entry]:
    def make(on: dt.date | None = None, **fields: Any) -> Entry:
        return desk.publish(desk.draft(**fields), on=on)

    return make
