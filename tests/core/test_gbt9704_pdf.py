"""Letters through LibreOffice: the signature and the date stay on the page of the last line of
text wherever the page breaks, in both formats and with or without a seal."""

from __future__ import annotations

import datetime as dt
import io
import re
from concurrent.futures import ThreadPoolExecutor

import pytest
from pdfminer.high_level import extract_text

from gongkai.documents.gbt9704 import Letter, LetterFormat, render
from gongkai.report.render.to_pdf import docx_to_pdf, find_soffice

pytestmark = pytest.mark.skipif(
    find_soffice() is None,
    reason="LIBREOFFICE IS NOT INSTALLED: letters are NOT rendered to PDF here "
    "(apt-get install --no-install-recommends libreoffice-writer-nogui fonts-noto-cjk)",
)
DATE = dt.date(2025, 3, 4)


def pages(pdf: bytes) -> list[str]:
    """Each page's text without the spaces the PDF puts between scripts."""
    text = extract_text(io.BytesIO(pdf))
    return [re.sub(r"\s+", "", page) for page in text.split("\f") if page.strip()]


def letter(lines: int, fmt: LetterFormat, sealed: bool) -> Letter:
    body = [f"第{n}段正文。" for n in range(1, lines + 1)]
    return Letter("部分公开告知书", body, "张三", "新教公复〔2025〕1号", "新华区教育局", DATE,
                  format=fmt, sealed=sealed)  # fmt: skip


# One-line paragraphs around the first page's end (about 13 fit under the 版头 of a headed
# letter, 17 under a title): the signature block meets the page break in each way, including
# the last line alone before it.
CASES = [(n, LetterFormat.HEADED, True) for n in range(10, 16)] + [
    (n, LetterFormat.TITLED, False) for n in range(13, 20)
]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[int, LetterFormat, bool], list[str]]:
    def one(case: tuple[int, LetterFormat, bool]) -> list[str]:
        return pages(docx_to_pdf(render(letter(*case))))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(CASES, pool.map(one, CASES), strict=True))


def test_it_keeps_the_signature_and_date_with_the_last_line(
    rendered: dict[tuple[int, LetterFormat, bool], list[str]],
) -> None:
    moved = 0
    for (lines, fmt, sealed), texts in rendered.items():
        last = next(i for i, t in enumerate(texts) if f"第{lines}段正文。" in t)
        dated = next(i for i, t in enumerate(texts) if "2025年3月4日" in t)
        signer = max(i for i, t in enumerate(texts) if "新华区教育局" in t)
        assert last == dated == signer, (lines, fmt, sealed, texts)
        if last > 0 and f"第{lines - 1}段正文。" in texts[last - 1]:
            moved += 1  # the last line went over with the signature rather than stay alone
    assert moved >= 1, "no case put the page break just before the last line: widen CASES"


def test_it_prints_the_agency_mark_number_and_title_in_order(
    rendered: dict[tuple[int, LetterFormat, bool], list[str]],
) -> None:
    first = rendered[(10, LetterFormat.HEADED, True)][0]
    assert (
        first.index("新华区教育局")
        < first.index("新教公复〔2025〕1号")
        < first.index("部分公开告知书")
    )
    titled = rendered[(13, LetterFormat.TITLED, False)][0]
    assert titled.startswith("新华区教育局部分公开告知书新教公复〔2025〕1号张三：")
