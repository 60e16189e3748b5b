"""What a file says about who made it, removed before it is published (issue 18).

A DOCX keeps its author, its last editor, its company and template, its comments and every
tracked change (deleted text included); a PDF keeps its Info dictionary and its XMP packet; a
photo keeps its EXIF block (camera, time, GPS position). None of it belongs on a portal.
`clean` returns the file without them and says, in Chinese, what it removed, so the review page
can show it:

- DOCX, XLSX, PPTX: document properties emptied (docProps/core.xml, app.xml, custom.xml);
  in a DOCX, comments dropped and tracked changes accepted (insertions kept as text,
  deletions removed: the published text is what the reviewer read);
- PDF: the Info dictionary and every XMP packet (document and pages) removed, pages unchanged;
- JPEG, PNG: their EXIF, XMP, comment and text segments dropped, the pixels untouched.
Anything else is returned as it is, with nothing claimed.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass, field

from lxml import etree

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
_CORE = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
    'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"/>'
)
_APP = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"/>'
)
_PERSONAL_TAGS = ("creator", "lastModifiedBy", "Company", "Manager", "Template")
_COMMENT_PARTS = re.compile(r"^word/comments(Extended|Ids|Extensible)?\.xml$")
_DOCX_TEXT_PARTS = re.compile(r"^word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml$")


class CleaningFailed(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class Cleaned:
    data: bytes
    removed: tuple[str, ...] = field(default=())

    @property
    def note(self) -> str:
        return "已清除：" + "、".join(self.removed) if self.removed else ""


def clean(name: str, data: bytes) -> Cleaned:
    lower = name.lower()
    if data.startswith(b"%PDF"):
        return _pdf(data)
    if data.startswith(b"PK\x03\x04") and lower.endswith((".docx", ".xlsx", ".pptx")):
        return _office(data, is_docx=lower.endswith(".docx"))
    if lower.endswith((".jpg", ".jpeg", ".png")):
        return _image(data)
    return Cleaned(data)


def _office(data: bytes, *, is_docx: bool) -> Cleaned:
    removed: list[str] = []
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise CleaningFailed("文件不是有效的 Office 文档，无法清除文档属性") from None
    out = io.BytesIO()
    with source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            part = source.read(info.filename)
            try:
                part = _office_part(info.filename, part, is_docx, removed)
            except etree.XMLSyntaxError:
                raise CleaningFailed(
                    f"文档中的 {info.filename} 无法解析，文件可能已损坏；请在 Word 或 WPS 中"
                    "打开后另存，再上传"
                ) from None
            target.writestr(info, part)
    return Cleaned(out.getvalue(), tuple(removed))


def _office_part(name: str, part: bytes, is_docx: bool, removed: list[str]) -> bytes:
    if name == "docProps/core.xml":
        if _has_personal(part):
            removed.append("作者、最后修改者等文档属性")
        return _CORE.encode()
    if name == "docProps/app.xml":
        if _has_personal(part):
            removed.append("单位、模板等应用程序属性")
        return _APP.encode()
    if name == "docProps/custom.xml":
        removed.append("自定义属性")
        return _empty_custom(part)
    if is_docx and _COMMENT_PARTS.match(name):
        count = part.count(b"<w:comment ")
        if count and name == "word/comments.xml":
            removed.append(f"批注 {count} 条")
        return _empty_comments(part)
    if is_docx and _DOCX_TEXT_PARTS.match(name):
        part, changes = _accept_changes(part)
        if changes:
            removed.append(f"修订记录 {changes} 处（已按修订后的文字保留）")
    return part


def _has_personal(part: bytes) -> bool:
    root = etree.fromstring(part, _PARSER)
    return any(
        (element.text or "").strip()
        for element in root.iter()
        if etree.QName(element).localname in _PERSONAL_TAGS
    )


def _empty_custom(part: bytes) -> bytes:
    root = etree.fromstring(part, _PARSER)
    for child in list(root):
        root.remove(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _empty_comments(part: bytes) -> bytes:
    # The part stays (the package's relationships name it) but holds no comment.
    root = etree.fromstring(part, _PARSER)
    for child in list(root):
        root.remove(child)
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def _accept_changes(part: bytes) -> tuple[bytes, int]:
    root = etree.fromstring(part, _PARSER)
    changes = 0
    marks = ("commentRangeStart", "commentRangeEnd", "commentReference")
    for element in list(root.iter(f"{{{_W}}}*")):
        local = etree.QName(element).localname
        parent = element.getparent()
        if parent is None:
            continue
        if local in ("del", "moveFrom"):
            changes += 1
            parent.remove(element)
        elif local in ("ins", "moveTo"):
            changes += 1
            index = parent.index(element)
            for offset, child in enumerate(list(element)):
                parent.insert(index + offset, child)
            parent.remove(element)
        elif local in marks:
            # A run that only held the comment's mark goes with it.
            parent.remove(element)
            if etree.QName(parent).localname == "r" and len(parent) == 0:
                grand = parent.getparent()
                if grand is not None:
                    grand.remove(parent)
    if not changes and b"comment" not in part:
        return part, 0
    text = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return bytes(text), changes


def _pdf(data: bytes) -> Cleaned:
    from pypdf import PdfReader, PdfWriter
    from pypdf.errors import PdfReadError
    from pypdf.generic import NameObject

    try:
        reader = PdfReader(io.BytesIO(data))
        info = reader.metadata
        had_info = bool(info and any(str(v).strip() for v in info.values()))
        had_xmp = "/Metadata" in reader.root_object
        writer = PdfWriter()
        writer.append(reader)
    except (PdfReadError, ValueError, KeyError, TypeError) as exc:
        raise CleaningFailed(f"PDF 文件无法读取，无法清除文档属性：{exc}") from None
    key = NameObject("/Metadata")
    if key in writer._root_object:
        del writer._root_object[key]
    page_xmp = False
    for page in writer.pages:
        if key in page:
            del page[key]
            page_xmp = True
    # The writer's own Info names only the producing library: empty it too.
    writer._info = None
    out = io.BytesIO()
    writer.write(out)
    removed = []
    if had_info:
        removed.append("作者、标题、创建程序等文档信息")
    if had_xmp or page_xmp:
        removed.append("XMP 元数据")
    return Cleaned(out.getvalue(), tuple(removed))


def _image(data: bytes) -> Cleaned:
    # Segment by segment, so the pixels are never decoded or compressed again (lossless).
    if data.startswith(b"\xff\xd8"):
        return _jpeg(data)
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return _png(data)
    raise CleaningFailed("图片格式无法识别，无法清除拍摄信息")


# APP1 (EXIF, XMP), APP2–APP15 but APP14 (Adobe colour), COM (comments).
_JPEG_DROPPED = {0xE1, *range(0xE2, 0xEE), 0xEF, 0xFE}


def _jpeg(data: bytes) -> Cleaned:
    out = bytearray(b"\xff\xd8")
    position, dropped = 2, set()
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            raise CleaningFailed("JPEG 图片结构有误，无法清除拍摄信息")
        marker = data[position + 1]
        if marker == 0xDA:  # start of scan: the rest is the image itself
            out += data[position:]
            break
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segment = data[position : position + 2 + length]
        if marker in _JPEG_DROPPED:
            dropped.add("拍摄设备、时间、位置等 EXIF 信息" if marker == 0xE1 else "图片内嵌说明")
        else:
            out += segment
        position += 2 + length
    else:
        raise CleaningFailed("JPEG 图片不完整，无法清除拍摄信息")
    return Cleaned(bytes(out), tuple(sorted(dropped)))


_PNG_DROPPED = {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"tIME"}


def _png(data: bytes) -> Cleaned:
    out = bytearray(data[:8])
    position, dropped = 8, False
    while position + 12 <= len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        kind = data[position + 4 : position + 8]
        chunk = data[position : position + 12 + length]
        if kind in _PNG_DROPPED:
            dropped = True
        else:
            out += chunk
        position += 12 + length
        if kind == b"IEND":
            break
    else:
        raise CleaningFailed("PNG 图片不完整，无法清除图片信息")
    return Cleaned(bytes(out), ("图片内嵌的文字、时间和 EXIF 信息",) if dropped else ())
