"""The 版记 through LibreOffice: at the foot of the last page's text block, below the date
wherever the text ends, with 印发机关 and 印发日期 in the general format only (GB/T 9704 7.4,
10.1)."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest

from gongkai.documents.gbt9704 import Colophon, Letter, LetterFormat, render
from gongkai.report.render.to_pdf import docx_to_pdf, find_soffice
from tests.pdf_words import COLOPHON_LINE, HAS_PDFTOTEXT, TEXT_BOTTOM, Word, in_text_block, words

pytestmark = pytest.mark.skipif(
    find_soffice() is None or not HAS_PDFTOTEXT,
    reason="LIBREOFFICE OR POPPLER IS NOT INSTALLED: the 版记 is NOT checked in a PDF here "
    "(apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils)",
)
DATE = dt.date(2025, 3, 4)
LINE = COLOPHON_LINE
COPY = ("平顶山某建材有限公司", "新华区人民政府办公室", "新华区司法局", "新华区人民法院")


def letter(lines: int, fmt: LetterFormat) -> Letter:
    body = [f"第{n}段正文。" for n in range(1, lines + 1)]
    colophon = Colophon(COPY, "新华区教育局办公室", DATE)
    return Letter("部分公开告知书", body, "张三", "新教公复〔2025〕1号", "新华区教育局", DATE,
                  format=fmt, sealed=fmt is LetterFormat.HEADED, colophon=colophon)  # fmt: skip


# Around the first page's end (13 one-line paragraphs fit under a headed letter's 版头, 17
# under a title) the 版记 meets the date in every way: below it on page 1, forcing the date's
# block over, or on page 2 with the text.
CASES = [(n, LetterFormat.HEADED) for n in (3, 8, 9, 10)] + [
    (n, LetterFormat.TITLED) for n in (3, 11, 12, 13)
]


@pytest.fixture(scope="module")
def rendered() -> dict[tuple[int, LetterFormat], list[Word]]:
    def one(case: tuple[int, LetterFormat]) -> list[Word]:
        return words(docx_to_pdf(render(letter(*case))))

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(CASES, pool.map(one, CASES), strict=True))


def test_it_prints_the_colophon_at_the_foot_of_the_last_page_below_the_date(
    rendered: dict[tuple[int, LetterFormat], list[Word]],
) -> None:
    pages, alone = set(), 0
    for (lines, fmt), found in rendered.items():
        text_block = in_text_block(found)
        last_page = max(w.page for w in text_block)
        date = next(w for w in reversed(text_block) if w.text in ("2025年3月4日", "日"))
        copy = next(w for w in text_block if w.text.startswith("抄送："))
        signer = max(w.page for w in text_block if w.text == "新华区教育局")
        text_ends = max(w.page for w in text_block if "段正文" in w.text)
        bottom = max(w.bottom for w in text_block if w.page == copy.page)
        # The signature block stays whole with the last lines of text (7.3.5), and the 版记 is
        # at the foot of the last page: below the date, or on a page of its own when it does
        # not fit under it (the 版记页 of 7.5).
        assert text_ends == signer == date.page, (lines, fmt)
        assert copy.page == last_page, (lines, fmt)
        if copy.page == date.page:
            assert copy.top > date.bottom, (lines, fmt, copy, date)
        else:
            assert copy.page == date.page + 1, (lines, fmt)
            assert all(w.top >= copy.top for w in text_block if w.page == copy.page)
            alone += 1
        assert TEXT_BOTTOM - LINE < bottom <= TEXT_BOTTOM, (lines, fmt, bottom)
        pages.add(last_page)
    assert pages == {0, 1}, "no case put the 版记 on the second page: widen CASES"
    assert alone < len(rendered), "every 版记 went to a page of its own"


def test_it_prints_the_issuing_office_only_in_the_general_format(
    rendered: dict[tuple[int, LetterFormat], list[Word]],
) -> None:
    for (lines, fmt), found in rendered.items():
        text = "".join(w.text for w in found)
        assert (
            "抄送：平顶山某建材有限公司，新华区人民政府办公室，新华区司法局，新华区人民法院。"
            in text
        )
        printed = "新华区教育局办公室" in text and "2025年3月4日印发" in text
        assert printed is (fmt is LetterFormat.TITLED), (lines, fmt)


def test_it_wraps_the_copy_line_under_the_first_name_after_the_colon(
    rendered: dict[tuple[int, LetterFormat], list[Word]],
) -> None:
    found = rendered[(3, LetterFormat.TITLED)]
    copy = next(w for w in found if w.text.startswith("抄送："))
    after = [w for w in found if w.page == copy.page and copy.bottom < w.top < copy.bottom + LINE]
    # 7.4.2: the continuation starts under the first character after 「抄送：」, one character
    # (14 pt) in plus three 4号 characters.
    assert after and abs(after[0].left - (copy.left + 3 * 14)) < 1.5, (copy, after)
