"""Every lifecycle gongkai knows, one module each, read as a table of moves."""

from __future__ import annotations

from typing import Any

from gongkai.workflow.lifecycle import Lifecycle
from gongkai.workflow.tables.annual_report import ANNUAL_REPORT
from gongkai.workflow.tables.application import APPLICATION
from gongkai.workflow.tables.batch_check import BATCH_CHECK
from gongkai.workflow.tables.catalogue import CATALOGUE_ENTRY
from gongkai.workflow.tables.media_post import MEDIA_POST
from gongkai.workflow.tables.review_case import REVIEW_CASE
from gongkai.workflow.tables.scoring_run import SCORING_RUN

LIFECYCLES: dict[str, Lifecycle[Any, Any]] = {
    table.name: table
    for table in (
        APPLICATION,
        CATALOGUE_ENTRY,
        MEDIA_POST,
        ANNUAL_REPORT,
        BATCH_CHECK,
        SCORING_RUN,
        REVIEW_CASE,
    )
}

__all__ = [
    "ANNUAL_REPORT",
    "APPLICATION",
    "BATCH_CHECK",
    "CATALOGUE_ENTRY",
    "LIFECYCLES",
    "MEDIA_POST",
    "REVIEW_CASE",
    "SCORING_RUN",
]
