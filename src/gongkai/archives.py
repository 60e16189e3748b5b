"""Every zip gongkai opens from outside (uploads, Office files, batches) opens here, with its
expansion bounded before anything is inflated: the total size the directory declares, the
number of members, and the compression ratio. Reading a member then never yields more than
the size its directory entry declares (``zipfile`` stops there and fails the CRC), so a
directory that understates sizes does not help a zip bomb either."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

# Below this many bytes inflated, no ratio is suspicious (a page of repeated XML compresses
# a hundredfold and costs nothing).
_RATIO_FLOOR = 1 << 20


class ArchiveRefused(ValueError):
    def __init__(self, message: str) -> None:
        self.message = message
        super().__init__(message)


@dataclass(frozen=True, slots=True)
class ZipLimits:
    max_total: int = 200 << 20  # bytes inflated, all members together
    max_files: int = 2000
    max_ratio: int = 200  # inflated / compressed, over the whole archive and per member
    max_member: int = 0  # bytes inflated per member; 0: no limit beyond max_total


# An Office file (DOCX, XLSX, PPTX) gongkai reads or judges.
OFFICE = ZipLimits(max_total=200 << 20, max_files=2000, max_ratio=200)
# A spreadsheet read whole into memory by openpyxl (about ten times its XML).
TABLE = ZipLimits(max_total=50 << 20, max_files=500, max_ratio=200)
# A zip of annual reports for the batch check: every member is held in memory at once.
BATCH = ZipLimits(max_total=100 << 20, max_files=500, max_ratio=100)


def open_zip(
    source: bytes | Path | IO[bytes], limits: ZipLimits = OFFICE, name: str = ""
) -> zipfile.ZipFile:
    """The archive, once its directory is within ``limits``; raises ``ArchiveRefused`` (with a
    Chinese message naming the file and the limit) or ``zipfile.BadZipFile``."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    archive = zipfile.ZipFile(stream)
    try:
        check(archive.infolist(), limits, name)
    except ArchiveRefused:
        archive.close()
        raise
    return archive


def check(infos: list[zipfile.ZipInfo], limits: ZipLimits, name: str = "") -> None:
    label = f"压缩文件“{name}”" if name else "压缩文件"
    if len(infos) > limits.max_files:
        raise ArchiveRefused(
            f"{label}含 {len(infos)} 个文件，超过 {limits.max_files} 个的上限，请分批上传"
        )
    total = packed = 0
    for info in infos:
        total += info.file_size
        packed += info.compress_size
        if limits.max_member and info.file_size > limits.max_member:
            raise ArchiveRefused(
                f"{label}中的“{info.filename}”解压后 {info.file_size} 字节，"
                f"超过每个文件 {limits.max_member} 字节的上限"
            )
        if info.file_size > _RATIO_FLOOR and info.file_size > limits.max_ratio * max(
            info.compress_size, 1
        ):
            raise ArchiveRefused(
                f"{label}中的“{info.filename}”压缩比异常"
                f"（约 {info.file_size // max(info.compress_size, 1)} 倍），疑为压缩炸弹，已拒绝"
            )
    if total > limits.max_total:
        raise ArchiveRefused(
            f"{label}解压后共 {total} 字节，超过 {limits.max_total} 字节的上限，请分批上传"
        )
    if total > _RATIO_FLOOR and total > limits.max_ratio * max(packed, 1):
        raise ArchiveRefused(
            f"{label}整体压缩比异常（约 {total // max(packed, 1)} 倍），疑为压缩炸弹，已拒绝"
        )


def refusal(data: bytes, limits: ZipLimits, name: str = "") -> str | None:
    """Why ``data`` may not be opened (in Chinese), or None; for callers that hand the bytes to
    a library (openpyxl) which opens the zip itself. A damaged zip is the library's to name."""
    try:
        open_zip(data, limits, name).close()
    except ArchiveRefused as exc:
        return exc.message
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return None
    return None
