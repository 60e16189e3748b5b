"""A file about to be published keeps its content and loses who made it, how and where."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from PIL import Image
from PIL.PngImagePlugin import PngInfo
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from gongkai.documents.metadata import clean
from gongkai.documents.text import plain_text

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def _docx() -> bytes:
    document = Document()
    document.core_properties.author = "张三"
    document.core_properties.last_modified_by = "李四"
    paragraph = document.add_paragraph("各学校：请于月底前报送名单。")
    document.add_comment(paragraph.runs, text="此处名单含学生身份证号，发布前删除", author="李四")
    # A tracked change: 「旧的措辞」 deleted, 「新的措辞」 inserted.
    xml = (
        f'<w:p xmlns:w="{W}"><w:del w:id="1" w:author="李四"><w:r><w:delText>旧的措辞'
        f'</w:delText></w:r></w:del><w:ins w:id="2" w:author="李四"><w:r><w:t>新的措辞</w:t>'
        "</w:r></w:ins></w:p>"
    )
    from docx.oxml import parse_xml

    document.element.body.append(parse_xml(xml))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_docx_loses_its_authors_comments_and_deleted_text_and_keeps_its_words() -> None:
    data = _docx()
    assert "旧的措辞" in (plain_text("a.docx", data) or "")
    cleaned = clean("通知.docx", data)
    assert {
        "作者、最后修改者等文档属性",
        "批注 1 条",
        "修订记录 2 处（已按修订后的文字保留）",
    } <= set(cleaned.removed)
    text = plain_text("a.docx", cleaned.data) or ""
    assert "请于月底前报送名单" in text and "新的措辞" in text
    assert "旧的措辞" not in text and "身份证号" not in text
    with zipfile.ZipFile(io.BytesIO(cleaned.data)) as archive:
        everything = b"".join(archive.read(n) for n in archive.namelist())
    assert "张三".encode() not in everything and "李四".encode() not in everything
    reopened = Document(io.BytesIO(cleaned.data))  # still a document Word opens
    assert reopened.core_properties.author == ""


def test_a_pdf_loses_its_info_and_xmp_and_keeps_its_pages() -> None:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Author": "张三", "/Creator": "WPS 文字"})
    xmp = DecodedStreamObject()
    xmp.set_data(b"<x:xmpmeta><dc:creator>zhangsan</dc:creator></x:xmpmeta>")
    xmp[NameObject("/Type")] = NameObject("/Metadata")
    writer._root_object[NameObject("/Metadata")] = writer._add_object(xmp)
    buffer = io.BytesIO()
    writer.write(buffer)

    cleaned = clean("通知.pdf", buffer.getvalue())
    assert cleaned.removed == ("作者、标题、创建程序等文档信息", "XMP 元数据")
    reader = PdfReader(io.BytesIO(cleaned.data))
    assert len(reader.pages) == 1
    assert not reader.metadata or "/Author" not in reader.metadata
    assert b"zhangsan" not in cleaned.data and "/Metadata" not in reader.trailer["/Root"]


def test_a_photo_loses_its_exif_and_keeps_every_pixel() -> None:
    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0132] = "2024:05:06 09:00:00"  # DateTime
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    cleaned = clean("现场.jpg", buffer.getvalue())
    assert cleaned.removed == ("拍摄设备、时间、位置等 EXIF 信息",)
    assert b"PhoneMaker" not in cleaned.data
    before = Image.open(io.BytesIO(buffer.getvalue()))
    after = Image.open(io.BytesIO(cleaned.data))
    assert not after.getexif() and after.tobytes() == before.tobytes()

    info = PngInfo()
    info.add_text("Author", "zhangsan")
    png = io.BytesIO()
    image.save(png, format="PNG", pnginfo=info)
    cleaned_png = clean("图.png", png.getvalue())
    assert b"zhangsan" not in cleaned_png.data and cleaned_png.removed
    assert Image.open(io.BytesIO(cleaned_png.data)).size == (40, 30)


def test_a_clean_file_is_said_to_have_had_nothing_removed() -> None:
    assert clean("说明.txt", "正文".encode()).removed == ()
    plain = io.BytesIO()
    Image.new("L", (4, 4)).save(plain, format="PNG")
    assert clean("a.png", plain.getvalue()).removed == ()
