"""Every letter kind, and every outcome of the reply and closing letters, rendered through
LibreOffice and read back from the PDF: the elements of GB/T 9704, the remedy with the right
复议机关, the signature and date on the page of the last line, clean text, Chinese dates."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from pdfminer.high_level import extract_text

from gongkai.cases.outcomes import Disposition
from gongkai.cases.remedies import RemedyPath, default_path
from gongkai.documents.gbt9704 import render
from gongkai.documents.hygiene import Problem, check
from gongkai.report.render.to_pdf import docx_to_pdf, find_soffice
from gongkai_web.cases import letters
from gongkai_web.cases.models import Application, LetterKind

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        find_soffice() is None,
        reason="LIBREOFFICE IS NOT INSTALLED: letters are NOT rendered to PDF here "
        "(apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk)",
    ),
]
D = dt.date
ON = D(2025, 3, 20)
CLOSING_ONLY = (Disposition.NO_CORRECTION, Disposition.FEE_UNPAID)
# (name, kind, disposition): every reply outcome, and the three closing letters.
LETTERS = (
    [(d.value, LetterKind.REPLY, d) for d in Disposition if d not in CLOSING_ONLY]
    + [(d.value, LetterKind.CLOSURE, d) for d in CLOSING_ONLY]
    + [("withdrawal", LetterKind.CLOSURE, Disposition.OTHER)]
)
OUTCOME: dict[Disposition, dict[str, Any]] = {
    Disposition.PARTIAL: {
        "outcome_reason": "部分内容涉及第三方",
        "withheld_grounds": [{"part": "投标人报价明细", "ground": "trade_secret"}],
        "withheld_parts": "投标人报价明细",
    },
    Disposition.OTHER: {"outcome_reason": "申请人书面撤回申请"},
}
EXTRA: dict[str, dict[str, Any]] = {
    LetterKind.RECEIPT: {"due": D(2025, 3, 31)},
    LetterKind.CORRECTION: {
        "items": "请写明所需信息的文号。",
        "correction_deadline": D(2025, 3, 31),
    },
    LetterKind.EXTENSION: {"reason": "需调阅档案。", "extended_due": D(2025, 4, 28)},
    LetterKind.CONSULTATION: {"addressee": "平顶山某建材有限公司", "party": "平顶山某建材有限公司"},
    LetterKind.FEE: {
        "amount": 1100,
        "method": "按量计收",
        "quantity": 120,
        "unit": "页",
        "tiers": "第1—30页，共30页，免费",
        "pay_by": D(2025, 4, 17),
        "payment": "到窗口缴纳",
    },
}


def pages(pdf: bytes) -> list[str]:
    text = extract_text(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def cases(application: Application) -> list[tuple[str, str, Any]]:
    """(name, kind, letter document) for every kind and every reply and closing outcome."""
    made = []
    for kind, extra in EXTRA.items():
        number = "" if kind == LetterKind.RECEIPT else "新公补〔2025〕1号"
        made.append((kind, kind, letters.document(application, kind, number, ON, **extra)))
    for name, kind, disposition in LETTERS:
        draft = copy.copy(application)
        draft.disposition = disposition.value
        draft.closed_on = ON
        draft.correction_requested_on, draft.correction_deadline = D(2025, 3, 5), D(2025, 3, 12)
        draft.correction_items = "请写明所需信息的文号"
        draft.fee_notice_received_on, draft.fee_amount = D(2025, 3, 5), 1100
        for field, value in OUTCOME.get(disposition, {"outcome_reason": "依法处理"}).items():
            setattr(draft, field, value)
        doc = letters.document(draft, kind, "新公复〔2025〕1号", ON)
        made.append((name, kind, doc))
    return made


@pytest.fixture
def rendered(submit, actors) -> list[tuple[str, str, Any, list[str]]]:  # type: ignore[no-untyped-def]
    application = submit(description='关于"双减"工作的通知')
    made = cases(application)
    with ThreadPoolExecutor(max_workers=2) as pool:
        texts = list(pool.map(lambda c: pages(docx_to_pdf(render(c[2]))), made))
    return [(name, kind, doc, text) for (name, kind, doc), text in zip(made, texts, strict=True)]


def test_it_renders_every_letter_complete_and_clean(rendered) -> None:  # type: ignore[no-untyped-def]
    assert len(rendered) == len(EXTRA) + len(LETTERS)
    for name, kind, doc, texts in rendered:
        whole = "".join(texts)
        first = texts[0]
        # 发文机关标志 first, then title and 主送, on the first page (信函格式); the 发文字号,
        # flush right on its own line, comes wherever the PDF's text order puts it.
        heads = ["新华区教育局", doc.title, doc.addressee + "："]
        at = [first.index(h) for h in heads]
        assert at[0] == 0 and at == sorted(at), (name, first[:120])
        assert doc.number in first, name
        last_line = re.sub(r"\s+", "", doc.paragraphs[-1])[-12:]
        on_page = [i for i, t in enumerate(texts) if last_line in t]
        dated = [i for i, t in enumerate(texts) if "2025年3月20日" in t]
        assert on_page and dated and on_page[-1] == dated[-1], (name, texts)
        assert "&quot;" not in whole and "&amp;" not in whole, name
        assert not re.search(r"\d{4}-\d{1,2}-\d{1,2}", whole), name
        assert not [i for i in check(whole) if i.problem in (Problem.DOUBLED, Problem.ENTITY)], (
            name, [i.message for i in check(whole)],
        )  # fmt: skip
        if kind in (LetterKind.REPLY, LetterKind.CLOSURE) and name != "withdrawal":
            path = default_path(Disposition(name))
            assert "60日内向新华区人民政府申请行政复议" in whole, name
            if path is RemedyPath.REVIEW_FIRST:
                assert "应当先申请行政复议" in whole and "6个月内" not in whole, name
            else:
                assert "6个月内向新华区人民法院提起行政诉讼" in whole, name
    withdrawal = next(t for n, _, _, t in rendered if n == "withdrawal")
    assert "行政复议" not in "".join(withdrawal)  # a confirmed withdrawal names no remedy
    receipt = next(t for n, _, _, t in rendered if n == LetterKind.RECEIPT)
    assert '关于"双减"工作的通知' in "".join(receipt) or "关于“双减”工作的通知" in "".join(receipt)
