"""The only write path of the publishing app: each function is one transaction with its
audit row. One module per responsibility; callers use ``services.<verb>``."""

from __future__ import annotations

from gongkai_web.publishing.services._common import may_edit_settings, require_settings_editor
from gongkai_web.publishing.services.attachments import (
    ATTACHMENT_MAX_BYTES,
    ATTACHMENT_TYPES,
    ATTACHMENTS_OPEN,
    attach,
    attachments_open,
    remove_attachment,
)
from gongkai_web.publishing.services.categories import (
    category_path,
    create_category,
    delete_category,
    move_category,
    rename_category,
    reorder_category,
    set_time_limit,
)
from gongkai_web.publishing.services.entries import (
    EDITABLE,
    PASS,
    create_entry,
    decide,
    index_entry,
    may_withdraw,
    move,
    reassess,
    repeal,
    submit,
    update_entry,
    withdraw,
)
from gongkai_web.publishing.services.numbering import (
    check_index_template,
    index_template,
    last_serial,
    preview_index_number,
    set_index_template,
    take_index_number,
)
from gongkai_web.publishing.services.records import (
    ImportRejected,
    add_decisions,
    add_fee,
    add_fees,
    publish_guide,
    remove_register_row,
)
from gongkai_web.publishing.services.register_imports import (
    import_decisions,
    import_fees,
    known_numbers,
)
from gongkai_web.publishing.services.words import (
    AGENCY_WORD_ROLES,
    add_sensitive_word,
    delete_sensitive_word,
    may_maintain_words,
    update_sensitive_word,
)

__all__ = [
    "AGENCY_WORD_ROLES",
    "ATTACHMENTS_OPEN",
    "ATTACHMENT_MAX_BYTES",
    "ATTACHMENT_TYPES",
    "EDITABLE",
    "PASS",
    "ImportRejected",
    "add_decisions",
    "add_fee",
    "add_fees",
    "add_sensitive_word",
    "attach",
    "attachments_open",
    "category_path",
    "check_index_template",
    "create_category",
    "create_entry",
    "decide",
    "delete_category",
    "delete_sensitive_word",
    "import_decisions",
    "import_fees",
    "index_entry",
    "index_template",
    "known_numbers",
    "last_serial",
    "may_edit_settings",
    "may_maintain_words",
    "may_withdraw",
    "move",
    "move_category",
    "preview_index_number",
    "publish_guide",
    "reassess",
    "remove_attachment",
    "remove_register_row",
    "rename_category",
    "reorder_category",
    "repeal",
    "require_settings_editor",
    "set_index_template",
    "set_time_limit",
    "submit",
    "take_index_number",
    "update_entry",
    "update_sensitive_word",
    "withdraw",
]
