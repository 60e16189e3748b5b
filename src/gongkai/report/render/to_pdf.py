"""PDF through LibreOffice: the Word document converted headless, so the PDF is the DOCX.

Each conversion gets a profile directory of its own: two soffice processes sharing the default
profile make one of them exit with status 1 and write nothing (stack.md §3). The conversion
runs with the package's fontconfig file, which maps each official face to a free one
(docs/rendering.md, "Fonts"); ``for_libreoffice`` adjusts the one setting LibreOffice misreads.
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import signal
import subprocess
import tempfile
import zipfile
from pathlib import Path

from gongkai.report.model import Report
from gongkai.report.render import RenderError

FONTS_CONF = Path(__file__).with_name("fonts.conf")
DEFAULT_TIMEOUT = 120.0
_CANDIDATES = ("soffice", "libreoffice")


class LibreOfficeMissing(RenderError):
    def __init__(self) -> None:
        super().__init__(
            "未安装 LibreOffice，无法生成 PDF；请安装 libreoffice-writer-nogui"
            "（Debian/Ubuntu：apt-get install --no-install-recommends libreoffice-writer-nogui"
            " fonts-noto-cjk），或改为生成 DOCX 后用 Word/WPS 另存为 PDF。"
        )


class PdfConversionFailed(RenderError):
    pass


def find_soffice() -> str | None:
    for name in _CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    return None


def render_pdf(
    report: Report, *, soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    """``soffice`` names the LibreOffice binary when it is not the one on PATH."""
    from gongkai.report.render.to_docx import render_docx

    return docx_to_pdf(render_docx(report), soffice=soffice, timeout=timeout)


def docx_to_pdf(
    docx: bytes, *, soffice: str | None = None, timeout: float = DEFAULT_TIMEOUT
) -> bytes:
    binary = soffice or find_soffice()
    if binary is None:
        raise LibreOfficeMissing()
    with tempfile.TemporaryDirectory(prefix="gongkai-pdf-") as tmp:
        work = Path(tmp)
        source = work / "report.docx"
        source.write_bytes(for_libreoffice(docx))
        profile = (work / "profile").as_uri()
        command = [
            binary,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--nolockcheck",
            "--convert-to",
            "pdf:writer_pdf_Export",
            "--outdir",
            str(work),
            str(source),
        ]
        env = {**os.environ, "FONTCONFIG_FILE": str(FONTS_CONF)}
        returncode, stderr = _run(command, env, timeout)
        target = work / "report.pdf"
        if returncode != 0 or not target.exists():
            # LibreOffice always warns about Java (none is needed); the other lines say why.
            lines = [
                line
                for line in stderr.decode("utf-8", "replace").splitlines()
                if line.strip() and "javaldx" not in line
            ]
            reason = lines[-1].strip() if lines else f"退出码 {returncode}"
            raise PdfConversionFailed(f"LibreOffice 未能把 DOCX 转换为 PDF（{reason}）。")
        return target.read_bytes()


_NO_HANGING = b'<w:overflowPunct w:val="0"/>'
_NO_HANGING_FOR_LO = b'<w:overflowPunct w:val="1"/>'


def for_libreoffice(docx: bytes) -> bytes:
    """The DOCX as LibreOffice must read it to lay it out as Word does.

    ``w:overflowPunct w:val="0"`` (ECMA-376 17.3.1.21: punctuation may not extend past the
    line) is what the DOCX says, for Word and WPS. LibreOffice 7.4 reads the value inverted,
    as 「hanging punctuation on」, and then hangs a line-end 「，」 into the margin or, on a full
    justified line, drops it; given ``w:val="1"`` it keeps punctuation inside the line. Only
    the style sheet carries the setting (to_docx writes it in the defaults and the styles).
    """
    try:
        source = zipfile.ZipFile(io.BytesIO(docx))
        styles = source.read("word/styles.xml")
    except (zipfile.BadZipFile, KeyError):
        return docx  # not a Word file: LibreOffice will say why it cannot convert it
    with source:
        if _NO_HANGING not in styles:
            return docx
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                data = source.read(item)
                if item.filename == "word/styles.xml":
                    data = data.replace(_NO_HANGING, _NO_HANGING_FOR_LO)
                target.writestr(item, data)
    return out.getvalue()


def _run(command: list[str], env: dict[str, str], timeout: float) -> tuple[int, bytes]:
    """Run soffice in its own process group, so a timeout ends soffice.bin too and not just
    the launcher script in front of it."""
    try:
        process = subprocess.Popen(
            command,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            start_new_session=True,
        )
    except OSError as exc:
        raise PdfConversionFailed(f"无法启动 LibreOffice（{command[0]}）：{exc}") from exc
    try:
        _, stderr = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise PdfConversionFailed(
            f"LibreOffice 在 {timeout:g} 秒内未完成 PDF 转换，已中止；"
            "请稍后重试，或检查服务器负载。"
        ) from exc
    return process.returncode, stderr
