"""The only write path of the publishing app: each function is one transaction with its
audit row. One module per responsibility; callers use ``services.<verb>``."""

from __future__ import annotations

from gongkai_web.publishing.services.categories import create_category
from gongkai_web.publishing.services.entries import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    EDITABLE,
    STAGE_ROLES,
    attach,
    create_entry,
    decide,
    index_entry,
    reassess,
    repeal,
    round_decisions,
    submit,
    update_entry,
    withdraw,
)
from gongkai_web.publishing.services.numbering import (
    index_template,
    set_index_template,
    take_index_number,
)
from gongkai_web.publishing.services.records import (
    ImportRejected,
    add_decisions,
    add_fee,
    add_sensitive_word,
    publish_guide,
)

__all__ = [
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "EDITABLE",
    "STAGE_ROLES",
    "ImportRejected",
    "add_decisions",
    "add_fee",
    "add_sensitive_word",
    "attach",
    "create_category",
    "create_entry",
    "decide",
    "index_entry",
    "index_template",
    "publish_guide",
    "reassess",
    "repeal",
    "round_decisions",
    "set_index_template",
    "submit",
    "take_index_number",
    "update_entry",
    "withdraw",
]
