"""Pages of the new-media matrix. Thin: permissions here, writes in services/inspection."""

from __future__ import annotations

from gongkai_web.media_accounts.views._common import (
    DOCX,
    XLSX,
)
from gongkai_web.media_accounts.views.accounts import (
    account_change,
    account_close,
    account_detail,
    account_import,
    account_new,
    matrix,
)
from gongkai_web.media_accounts.views.posts import (
    post_detail,
    post_edit,
    post_form_docx,
    post_new,
)
from gongkai_web.media_accounts.views.supervision import (
    bulletin_detail,
    bulletin_docx,
    bulletin_xlsx,
    bulletins,
    patrol_detail,
    patrols,
    problem_act,
    problems,
    year_numbers,
)

__all__ = [
    "DOCX",
    "XLSX",
    "account_change",
    "account_close",
    "account_detail",
    "account_import",
    "account_new",
    "bulletin_detail",
    "bulletin_docx",
    "bulletin_xlsx",
    "bulletins",
    "matrix",
    "patrol_detail",
    "patrols",
    "post_detail",
    "post_edit",
    "post_form_docx",
    "post_new",
    "problem_act",
    "problems",
    "year_numbers",
]
