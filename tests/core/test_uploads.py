"""An upload is judged by its first bytes, not by its name."""

import io
import zipfile

import pytest

from gongkai.uploads import UploadRefused, check, content_problem, size_text, sniff, too_large

TYPES = {".pdf": "application/pdf", ".docx": "x-docx", ".xlsx": "x-xlsx", ".png": "image/png"}


def office(member: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(member, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("a.pdf", b"%PDF-1.7\n..."),
        ("a.docx", office("word/document.xml")),
        ("a.xlsx", office("xl/workbook.xml")),
        ("a.pptx", office("ppt/presentation.xml")),
        ("a.png", b"\x89PNG\r\n\x1a\n...."),
        ("a.JPG", b"\xff\xd8\xff\xe0..."),
        ("a.jpeg", b"\xff\xd8\xff\xe1..."),
        ("a.gif", b"GIF89a...."),
        ("a.gif", b"GIF87a...."),
        ("a.csv", b"anything, since CSV has no signature"),
    ],
)
def test_it_accepts_content_that_matches_the_extension(name, data):
    assert content_problem(name, data) is None


def test_it_names_a_program_disguised_as_a_pdf():
    problem = content_problem("x.pdf", b"MZ\x90\x00\x03", noun="附件")
    assert problem is not None
    assert "附件“x.pdf”" in problem and "不是PDF 文件" in problem
    assert "实际是Windows 可执行程序" in problem


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("a.docx", office("xl/workbook.xml"), "实际是Excel 表格（XLSX）"),
        ("a.docx", office("other.xml"), "不含 word/document.xml 的 ZIP 压缩包"),
        ("a.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1....", "旧版 Office 文件"),
        ("a.xlsx", b"PK\x03\x04 broken zip", "实际是损坏的 ZIP 压缩包"),
        ("a.png", b"\xff\xd8\xff\xe0", "实际是JPG 图片"),
        ("a.jpg", b"GIF89a", "实际是GIF 图片"),
        ("a.gif", b"plain text", "无法识别其格式"),
        ("a.pdf", b"", "无法识别其格式"),
    ],
)
def test_it_refuses_content_that_does_not_match(name, data, says):
    problem = content_problem(name, data)
    assert problem is not None and says in problem


def test_it_states_the_size_and_the_limit_without_rounding_down_to_the_limit():
    limit = 20 * 1024 * 1024
    assert too_large("a.pdf", limit, limit) is None
    problem = too_large("a.pdf", limit + 1, limit, noun="附件")
    assert problem == "附件“a.pdf”大小为 20.01 MB，超过 20 MB 的上限，请压缩或拆分后再上传。"
    assert size_text(1536) == "1.5 KB"
    assert size_text(25 * 1024 * 1024) == "25.00 MB"


def test_it_checks_extension_emptiness_size_and_content_in_turn():
    pdf = b"%PDF-1.4"
    assert check("a.pdf", pdf, types=TYPES, max_bytes=100) == "application/pdf"
    with pytest.raises(UploadRefused, match="类型不受支持；只能上传 PDF、DOCX、XLSX、PNG 文件"):
        check("a.exe", b"MZ", types=TYPES, max_bytes=100)
    with pytest.raises(UploadRefused, match="是空文件"):
        check("a.pdf", b"", types=TYPES, max_bytes=100)
    with pytest.raises(UploadRefused, match=r"大小为 0\.2 KB，超过 0\.1 KB 的上限"):
        check("a.pdf", pdf * 20, types=TYPES, max_bytes=100)
    with pytest.raises(UploadRefused, match="实际是Windows 可执行程序"):
        check("a.pdf", b"MZ....", types=TYPES, max_bytes=100)


def test_it_sniffs_only_known_signatures():
    assert sniff(b"%PDF-2.0") == "PDF 文件"
    assert sniff(b"hello") == ""
