"""What an uploaded file really is, judged by its first bytes rather than by its name.

A file named ``x.pdf`` may hold a Windows program; once stored it would be served under the
name's content type. Every upload of the project asks ``content_problem`` after its own
extension and size checks, and ``check`` does all three for callers that have no older rules.
Office files are zip archives: only the archive's directory is read (no member is unpacked), so
a compressed bomb costs no more than its directory.
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Mapping

from gongkai.archives import OFFICE, ArchiveRefused, open_zip

PDF = "PDF 文件"
DOCX = "Word 文档（DOCX）"
XLSX = "Excel 表格（XLSX）"
PPTX = "PowerPoint 演示文稿（PPTX）"
PNG = "PNG 图片"
JPEG = "JPG 图片"
GIF = "GIF 图片"

# Extension -> (what the person expects, the zip member an Office file must hold).
FORMATS: dict[str, tuple[str, str]] = {
    ".pdf": (PDF, ""),
    ".docx": (DOCX, "word/document.xml"),
    ".xlsx": (XLSX, "xl/workbook.xml"),
    ".pptx": (PPTX, "ppt/presentation.xml"),
    ".png": (PNG, ""),
    ".jpg": (JPEG, ""),
    ".jpeg": (JPEG, ""),
    ".gif": (GIF, ""),
}

_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", PDF),
    # The PNG signature's last four bytes only catch a text-mode transfer; "\x89PNG" names it.
    (b"\x89PNG", PNG),
    (b"\xff\xd8\xff", JPEG),
    (b"GIF87a", GIF),
    (b"GIF89a", GIF),
    (b"MZ", "Windows 可执行程序"),
    (b"\x7fELF", "Linux 可执行程序"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "旧版 Office 文件（DOC、XLS 或 PPT）"),
    (b"PK\x03\x04", "ZIP 压缩包"),
    (b"Rar!", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"{\\rtf", "RTF 文档"),
)


class UploadRefused(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


def suffix_of(name: str) -> str:
    return "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""


def sniff(data: bytes) -> str:
    """A name for what the bytes look like, or "" when they match no signature known here."""
    for magic, label in _MAGIC:
        if data.startswith(magic):
            return label
    return ""


def size_text(size: int) -> str:
    """Rounded up, so a file just over a limit never reads as the limit itself."""
    if size < 1 << 20:
        return f"{math.ceil(size / 1024 * 10) / 10:g} KB"
    return f"{math.ceil(size / 1048576 * 100) / 100:.2f} MB"


def limit_text(max_bytes: int) -> str:
    return f"{max_bytes >> 20} MB" if max_bytes % (1 << 20) == 0 else size_text(max_bytes)


def _zip_members(data: bytes) -> set[str] | None:
    """Raises ``ArchiveRefused`` for an archive past the Office limits (archives.OFFICE)."""
    try:
        with open_zip(data, OFFICE) as archive:
            return set(archive.namelist())
    except ArchiveRefused:
        raise
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None


def content_problem(name: str, data: bytes, noun: str = "文件") -> str | None:
    """Why the content does not match the name's extension (in Chinese), or None.

    Extensions without a known signature here (CSV, TXT …) are not judged.
    """
    suffix = suffix_of(name)
    if suffix not in FORMATS:
        return None
    expected, member = FORMATS[suffix]
    found = sniff(data)
    if member and data.startswith(b"PK\x03\x04"):  # an Office file is a zip holding `member`
        try:
            members = _zip_members(data)
        except ArchiveRefused as exc:
            return f"{noun}“{name}”：{exc.message}"
        if members is None:
            found = "损坏的 ZIP 压缩包"
        elif member in members:
            return None
        else:
            found = next(
                (label for label, inner in FORMATS.values() if inner and inner in members),
                f"不含 {member} 的 ZIP 压缩包",
            )
    elif not member and found == expected:
        return None
    actual = f"实际是{found}" if found else "无法识别其格式"
    return (
        f"{noun}“{name}”的扩展名是 {suffix}，但内容不是{expected}（{actual}）。"
        f"请上传真正的{expected}；如果只改过扩展名，请用原程序另存为{expected}后再上传。"
    )


def too_large(name: str, size: int, max_bytes: int, noun: str = "文件") -> str | None:
    if size <= max_bytes:
        return None
    return (
        f"{noun}“{name}”大小为 {size_text(size)}，超过 {limit_text(max_bytes)} 的上限，"
        "请压缩或拆分后再上传。"
    )


def check(
    name: str, data: bytes, *, types: Mapping[str, str], max_bytes: int, noun: str = "文件"
) -> str:
    """The content type for ``name``, after its extension, size and content are checked."""
    suffix = suffix_of(name)
    if suffix not in types:
        kinds = "、".join(dict.fromkeys(s.lstrip(".").upper() for s in types if s != ".jpeg"))
        raise UploadRefused(f"{noun}“{name}”的类型不受支持；只能上传 {kinds} 文件。")
    if not data:
        raise UploadRefused(f"{noun}“{name}”是空文件，请检查后重新选择。")
    problem = too_large(name, len(data), max_bytes, noun) or content_problem(name, data, noun)
    if problem:
        raise UploadRefused(problem)
    return types[suffix]
