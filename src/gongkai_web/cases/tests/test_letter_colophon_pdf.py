"""The 版记 of the letters an application gets, printed through LibreOffice: a reply copied to
the third party consulted under Art. 32 and to the agency's own list, with the 印发机关 and
印发日期 where the agency prints without a 版头, at the foot of the last page."""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor

import pytest
from tests.pdf_words import COLOPHON_LINE, HAS_PDFTOTEXT, TEXT_BOTTOM, in_text_block, words

from gongkai.documents.gbt9704 import LetterFormat
from gongkai.report.render.to_pdf import docx_to_pdf, find_soffice
from gongkai_web.cases import services
from gongkai_web.cases.models import Application, CaseSettings, LetterKind
from gongkai_web.operations.files import read_file

from .conftest import CALENDAR
from .test_letter_text import in_progress, signed
from .test_withheld_grounds import ROWS, consulted

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        find_soffice() is None or not HAS_PDFTOTEXT,
        reason="LIBREOFFICE OR POPPLER IS NOT INSTALLED: the 版记 is NOT checked in a PDF here "
        "(apt-get install --no-install-recommends libreoffice-writer-nogui poppler-utils)",
    ),
]
THIRD_PARTY = "平顶山某建材有限公司"
D = dt.date


def printed(letters: list[bytes]) -> list[bytes]:
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(docx_to_pdf, letters))


def reply_in(fmt: LetterFormat, submit, actors, cast) -> bytes:  # type: ignore[no-untyped-def]
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(
        letter_format=fmt.value, reply_copy_to="新华区人民政府办公室、新华区司法局"
    )
    application = consulted(in_progress(submit, actors, cast), actors, "不同意公开报价")
    letter = signed(application, actors, "partial", reason="部分内容依法不予公开", withheld=ROWS)
    return read_file(letter.file)


def test_it_copies_the_reply_to_the_third_party_and_the_agency_list_at_the_foot(
    submit, actors, cast
) -> None:
    headed = reply_in(LetterFormat.HEADED, submit, actors, cast)
    titled = reply_in(LetterFormat.TITLED, submit, actors, cast)
    for fmt, pdf in zip(LetterFormat, printed([headed, titled]), strict=True):
        found = in_text_block(words(pdf))
        text = "".join(w.text for w in found)
        assert f"抄送：{THIRD_PARTY}，新华区人民政府办公室，新华区司法局。" in text, fmt
        # 10.1: a 信函格式 letter has no 印发机关 and 印发日期; 7.4.3: the general format has.
        issued = "新华区教育局办公室" in text and "2025年3月4日印发" in text
        assert issued is (fmt is LetterFormat.TITLED), (fmt, text[-80:])
        copy = next(w for w in found if w.text.startswith("抄送："))
        last_page = max(w.page for w in found)
        dated = [w for w in found if w.text == "日" and w.page == last_page]
        assert copy.page == last_page and dated and copy.top > dated[-1].bottom, fmt
        bottom = max(w.bottom for w in found if w.page == last_page)
        assert TEXT_BOTTOM - COLOPHON_LINE < bottom <= TEXT_BOTTOM, (fmt, bottom)


def test_it_prints_no_colophon_on_a_headed_letter_nobody_is_copied(submit, actors, cast) -> None:
    CaseSettings.objects.filter(agency=cast.agency("新华区教育局")).update(
        reply_copy_to="新华区人民政府办公室"  # replies and closing letters only
    )
    application = in_progress(submit, actors, cast)
    services.extend(
        actor=actors["leader"], application=application, on=D(2025, 3, 20), today=D(2025, 3, 20),
        reason="需调阅档案", calendar=CALENDAR,
    )  # fmt: skip
    letter = Application.objects.get(pk=application.pk).letters.get(kind=LetterKind.EXTENSION)
    (pdf,) = printed([read_file(letter.file)])
    text = "".join(w.text for w in words(pdf))
    assert "延期答复告知书" in text
    assert "抄送" not in text and "印发" not in text  # 信函格式, nobody copied: no 版记 at all
