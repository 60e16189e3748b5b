"""The words in a stored file, for checks that read what is about to be published (错敏词 …).

PDF through pdfminer's text layer; DOCX, XLSX and PPTX from their XML parts (headers, footers,
notes and comments included, since they are published with the file); plain text and HTML as
they are. Anything else (images, scans without a text layer) has no text here: ``None``, which
callers report as 「无法读取文字」 rather than as clean.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator

from lxml import etree

from gongkai.archives import OFFICE, ArchiveRefused, open_zip

MAX_TEXT_PART = 20 * 1024 * 1024  # uncompressed bytes of one XML part read for its words
MAX_PARTS_TOTAL = 80 * 1024 * 1024

_PARTS = re.compile(
    r"^(word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml"
    r"|xl/sharedStrings\.xml|xl/worksheets/sheet\d+\.xml"
    r"|ppt/(slides/slide|notesSlides/notesSlide)\d+\.xml)$"
)
_TEXT_TAGS = {"t", "delText"}  # w:t, a:t, x:t; w:delText: deleted text still in the file
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


class TextUnreadable(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def plain_text(name: str, data: bytes) -> str | None:
    """The file's text, or None when it has no text layer this module can read."""
    lower = name.lower()
    if data.startswith(b"%PDF"):
        return _pdf_text(data)
    if data.startswith(b"PK\x03\x04") and lower.endswith((".docx", ".xlsx", ".pptx")):
        return "\n".join(_office_text(data))
    if lower.endswith((".txt", ".csv", ".html", ".htm")):
        for encoding in ("utf-8", "gb18030"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
    return None


def _pdf_text(data: bytes) -> str:
    from pdfminer.high_level import extract_text
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        return str(extract_text(io.BytesIO(data)))
    except (PDFSyntaxError, ValueError, KeyError, TypeError) as exc:
        raise TextUnreadable(f"PDF 文件无法读取：{exc}") from None


def _office_text(data: bytes) -> Iterator[str]:
    try:
        archive = open_zip(data, OFFICE)
    except ArchiveRefused as exc:
        raise TextUnreadable(f"{exc.message}，无法检查其文字") from None
    except zipfile.BadZipFile:
        raise TextUnreadable("文件已损坏，不是有效的 Office 文档") from None
    total = 0
    with archive:
        for info in archive.infolist():
            if not _PARTS.match(info.filename):
                continue
            total += info.file_size
            if info.file_size > MAX_TEXT_PART or total > MAX_PARTS_TOTAL:
                raise TextUnreadable(f"文件解压后过大（{info.filename}），无法检查其文字")
            try:
                root = etree.fromstring(archive.read(info), _PARSER)
            except (etree.XMLSyntaxError, zipfile.BadZipFile, OSError) as exc:
                raise TextUnreadable(f"文件的 {info.filename} 已损坏：{exc}") from None
            words = [
                element.text or ""
                for element in root.iter()
                if isinstance(element.tag, str) and etree.QName(element).localname in _TEXT_TAGS
            ]
            if words:
                yield "".join(words)
