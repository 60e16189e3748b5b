"""The only write path for applications: each function checks, changes, files its letter and
records a CaseEvent and an audit row, all in one transaction.

Dates of events (``on``) are what the clerk enters, since the paper trail is often recorded a
day later; ``today`` is passed in by the view so that no event is dated in the future.
"""

from __future__ import annotations

from gongkai_web.cases.services._common import (
    DEFAULT_ROLES,
    ROLES_FOR,
    AlreadyExtended,
    CaseError,
    NotPermitted,
    locked,
    require,
    roles_here,
)
from gongkai_web.cases.services.documents import (
    ATTACHMENT_TYPES,
    DOCX,
    LETTER_SUFFIX,
    MAX_ATTACHMENT_BYTES,
    Upload,
    attach,
    check_upload,
    issue_letter,
    next_letter_number,
)
from gongkai_web.cases.services.fees import (
    close_fee_unpaid,
    fee_notice,
    fee_paid,
    fee_waive,
)
from gongkai_web.cases.services.handling import (
    assign,
    end_consultation,
    extend,
    give_back,
    receive_correction,
    request_correction,
    sign_for,
    start_consultation,
)
from gongkai_web.cases.services.intake import (
    AlreadyFiled,
    ApplicantData,
    Hotline,
    clean_applicant,
    filed_with,
    new_submission_key,
    new_tracking_number,
    receive,
    record_matches,
)
from gongkai_web.cases.services.receipts import Sweep, receipt, render_owed_receipts
from gongkai_web.cases.services.reply import (
    archive,
    close_no_correction,
    deliver,
    review,
    sign,
    submit_draft,
    withdraw,
)
from gongkai_web.cases.services.review_cases import (
    correct_review,
    decide_review,
    record_review,
)
from gongkai_web.cases.services.routing import hand_off, handoff_of
from gongkai_web.cases.services.urging import may_urge, urge

__all__ = [
    "ATTACHMENT_TYPES",
    "DEFAULT_ROLES",
    "DOCX",
    "LETTER_SUFFIX",
    "MAX_ATTACHMENT_BYTES",
    "ROLES_FOR",
    "AlreadyExtended",
    "AlreadyFiled",
    "ApplicantData",
    "CaseError",
    "Hotline",
    "NotPermitted",
    "Sweep",
    "Upload",
    "archive",
    "assign",
    "attach",
    "check_upload",
    "clean_applicant",
    "close_fee_unpaid",
    "close_no_correction",
    "correct_review",
    "decide_review",
    "deliver",
    "end_consultation",
    "extend",
    "fee_notice",
    "fee_paid",
    "fee_waive",
    "filed_with",
    "give_back",
    "hand_off",
    "handoff_of",
    "issue_letter",
    "locked",
    "may_urge",
    "new_submission_key",
    "new_tracking_number",
    "next_letter_number",
    "receipt",
    "receive",
    "receive_correction",
    "record_matches",
    "record_review",
    "render_owed_receipts",
    "request_correction",
    "require",
    "review",
    "roles_here",
    "sign",
    "sign_for",
    "start_consultation",
    "submit_draft",
    "urge",
    "withdraw",
]
