"""Bad input gives one clear finding for that file, memory stays bounded, the batch goes on."""

from __future__ import annotations

import io
import random
import zipfile
from pathlib import Path

from gongkai.parse import Options, parse_bytes
from gongkai.parse.batch import Summary, findings_csv, iter_items, parse_item
from gongkai.report.rules import Severity

from .test_formats import seed_docx

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests/fixtures/parse"
SEED_TEXT = ROOT / "tests/fixtures/seed/xinhua-education-2024.txt"


def only_rule(data: bytes, options: Options | None = None) -> str:
    result = parse_bytes(data, "bad", options)
    assert result.report is None
    assert len(result.findings) == 1
    finding = result.findings[0]
    assert finding.severity is Severity.ERROR
    assert finding.message
    return finding.rule


def test_it_says_an_empty_file_is_empty() -> None:
    assert only_rule(b"") == "PARSE-EMPTY"
    assert only_rule(b" \r\n\t \n") == "PARSE-EMPTY"


def test_it_says_binary_junk_is_not_a_document() -> None:
    junk = random.Random(7).randbytes(5000)
    assert only_rule(junk) == "PARSE-BINARY"


def test_it_refuses_a_file_over_the_size_limit() -> None:
    assert only_rule(b"x" * 2048, Options(max_bytes=1024)) == "PARSE-TOO-LARGE"


def test_it_refuses_a_200_mb_file_without_reading_it(tmp_path: Path) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as out:
        out.truncate(200 * 1024 * 1024)  # sparse: takes no disk and is never read
    [item] = list(iter_items([huge], Options()))
    assert item.data is None
    result = parse_item(item, Options())
    assert [f.rule for f in result.findings] == ["PARSE-TOO-LARGE"]


def _bomb(size: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as member:
            chunk = b"\0" * (1 << 20)
            for _ in range(size >> 20):
                member.write(chunk)
    return out.getvalue()


def test_it_refuses_a_word_zip_bomb_before_inflating_it() -> None:
    bomb = _bomb(24 << 20)
    assert len(bomb) < 100_000
    assert only_rule(bomb, Options(max_bytes=4 << 20)) == "PARSE-ZIP-BOMB"


def test_it_refuses_a_member_with_an_absurd_compression_ratio() -> None:
    assert only_rule(_bomb(8 << 20)) == "PARSE-ZIP-BOMB"


def test_it_says_a_damaged_word_file_is_damaged() -> None:
    data = seed_docx()
    assert only_rule(data[: len(data) // 2]) == "PARSE-DOCX-BROKEN"


def test_it_asks_for_a_docx_when_given_a_legacy_doc() -> None:
    assert only_rule(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600) == "PARSE-DOC-LEGACY"


def test_it_refuses_a_password_protected_pdf_cleanly() -> None:
    data = (FIXTURES / "password-protected.pdf").read_bytes()
    assert only_rule(data) == "PARSE-PDF-ENCRYPTED"


def _pdf_without_text() -> bytes:
    """A one-page PDF whose only content is a drawn line: what a scan looks like to a reader."""
    stream = b"0 0 m 200 200 l S"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def test_it_says_a_scanned_pdf_has_no_text_layer_instead_of_guessing() -> None:
    assert only_rule(_pdf_without_text()) == "PARSE-PDF-NO-TEXT"


def test_it_says_a_truncated_pdf_is_damaged_or_empty() -> None:
    data = _pdf_without_text()[:120]
    assert only_rule(data) in ("PARSE-PDF-BROKEN", "PARSE-PDF-NO-TEXT")


def test_it_says_a_page_that_is_no_report_is_no_report() -> None:
    result = parse_bytes("<html><body><p>欢迎访问本网站</p></body></html>".encode())
    assert result.report is None
    assert [f.rule for f in result.findings] == ["PARSE-NOT-REPORT"]


def test_it_goes_on_after_bad_files_in_a_zip_and_counts_them(tmp_path: Path) -> None:
    archive = tmp_path / "reports.zip"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("a/good.txt", SEED_TEXT.read_bytes())
        z.writestr("a/empty.txt", b"")
        z.writestr("a/junk.bin", random.Random(3).randbytes(3000))
        z.writestr("a/report.docx", seed_docx())
        z.writestr("a/old.txt", (ROOT / "tests/fixtures/corpus/old001.txt").read_bytes())
    options = Options()
    results = [parse_item(item, options) for item in iter_items([archive], options)]
    summary = Summary()
    for result in results:
        summary.add(result)
    assert (summary.files, summary.parsed, summary.with_errors, summary.unreadable) == (5, 3, 0, 2)
    csv_text = findings_csv(results)
    assert "PARSE-EMPTY" in csv_text and "PARSE-BINARY" in csv_text
    assert csv_text.splitlines()[0].startswith("file,format,rule,severity,where")


def test_it_reads_spans_written_with_digits_int_refuses() -> None:
    """Found by the fuzz campaign: str.isdigit() admits the circled digit ⑹."""
    page = "<table><tr><td colspan='3⑹⒐'>第二十条第（一）项</td></tr></table>"
    result = parse_bytes(page.encode())
    assert [f.rule for f in result.findings] == ["PARSE-NOT-REPORT"]


def _corrupt_member(data: bytes, name: str) -> bytes:
    """The zip with the middle of one member's compressed bytes overwritten."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    header = info.header_offset
    name_len = int.from_bytes(data[header + 26 : header + 28], "little")
    extra_len = int.from_bytes(data[header + 28 : header + 30], "little")
    start = header + 30 + name_len + extra_len + info.compress_size // 2
    return data[:start] + b"\xff" * 64 + data[start + 64 :]


def test_it_says_a_word_file_with_damaged_compressed_data_is_damaged() -> None:
    """Found by the fuzz campaign: zlib's own error escaped the zip reader."""
    assert only_rule(_corrupt_member(seed_docx(), "word/document.xml")) == "PARSE-DOCX-BROKEN"
