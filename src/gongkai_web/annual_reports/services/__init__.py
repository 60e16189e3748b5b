"""The only write path for annual reports: each function is one transaction with its audit row.

A generated report is a snapshot (see models.AnnualReport): numbers change only through
``recompute`` (which reports every changed cell and the records that changed it) or a
``correct_cell`` with a written reason; the narrative only through ``save_narrative``.
"""

from __future__ import annotations

from gongkai_web.annual_reports.services._common import (
    ReportRefused,
    StatusChangeRefused,
)
from gongkai_web.annual_reports.services.content import (
    Computed,
    NothingToReport,
    assemble,
    compute,
    contact,
    findings,
    refresh_counts,
    report_of,
)
from gongkai_web.annual_reports.services.editing import (
    acknowledge,
    correct_cell,
    create_report,
    fix_text,
    preview_recompute,
    recompute,
    save_narrative,
)
from gongkai_web.annual_reports.services.storage import (
    import_published,
    store_imported,
)
from gongkai_web.annual_reports.services.workflow import (
    comment,
    move,
    publish,
    recall,
    review,
    send_back,
    sign,
    submit,
)

# The views reach the audit services through this module (``services.audit.actor_from_request``),
# as they did before the split.
from gongkai_web.audit import services as audit

__all__ = [
    "Computed",
    "NothingToReport",
    "ReportRefused",
    "StatusChangeRefused",
    "acknowledge",
    "assemble",
    "audit",
    "comment",
    "compute",
    "contact",
    "correct_cell",
    "create_report",
    "findings",
    "fix_text",
    "import_published",
    "move",
    "preview_recompute",
    "publish",
    "recall",
    "recompute",
    "refresh_counts",
    "report_of",
    "review",
    "save_narrative",
    "send_back",
    "sign",
    "store_imported",
    "submit",
]
