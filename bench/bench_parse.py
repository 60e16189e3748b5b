"""Reading published reports (issue 4: per core, 200 text or HTML reports a second, 50 DOCX,
10 PDF).

Rates are reports per second of CPU time of this process (``time.process_time``), so that
other work on the machine does not lower them. Baselines, in the same run, on the same bytes:
text — decoding the bytes and splitting the lines; HTML — lxml parsing the page; DOCX —
unzipping word/document.xml and lxml parsing it; PDF — pdfminer's own ``extract_text``. The
ratio says what the reader costs beyond the least work any reader of that format must do.
"""

from __future__ import annotations

import io
import random
import shutil
import subprocess
import tempfile
import time
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from lxml import etree
from tests.core.parse.documents import to_docx, to_html  # published-looking layouts

from bench.bench_check import _report as make_report
from gongkai.parse import parse_bytes
from gongkai.report.model import Report
from gongkai.report.render.text import render_text

ROOT = Path(__file__).resolve().parents[1]


def _reports(n: int) -> list[Report]:
    """Random consistent reports (bench_check's generator) with agency names of varying length."""
    rng = random.Random(4)
    out = []
    for i in range(n):
        report = make_report(rng, 2024)
        out.append(replace(report, agency=f"{'某县' * (1 + i % 3)}教育局"))
    return out


def _rate(func: Callable[[bytes], object], docs: list[bytes], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        for doc in docs:
            func(doc)
        best = min(best, time.process_time() - start)
    return len(docs) / best


def _decode(data: bytes) -> object:
    return data.decode("utf-8").splitlines()


def _lxml(data: bytes) -> object:
    return etree.fromstring(data, etree.HTMLParser())


def _unzip(data: bytes) -> object:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml"))


def _pdfminer_text(data: bytes) -> object:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _to_pdf(docx: bytes) -> bytes | None:
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "r.docx").write_bytes(docx)
        subprocess.run(
            [soffice, f"-env:UserInstallation=file://{tmp}/p", "--headless", "--convert-to",
             "pdf", "--outdir", tmp, f"{tmp}/r.docx"],
            check=True, capture_output=True, timeout=180,
        )  # fmt: skip
        return (Path(tmp) / "r.pdf").read_bytes()


def _line(name: str, rate: float, base: float, target: int) -> None:
    verdict = "ok" if rate >= target else "BELOW TARGET"
    print(
        f"{name:<6} {rate:8.1f} reports/s per core  baseline {base:9.1f}/s  "
        f"(time per report {base / rate:5.1f}× the baseline's)  target ≥ {target}: {verdict}"
    )


def _correct(docs: list[bytes], reports: list[Report]) -> None:
    for doc, report in zip(docs, reports, strict=True):
        result = parse_bytes(doc)
        assert result.report is not None and result.report.table3 == report.table3


def main() -> None:
    reports = _reports(200)
    texts = [render_text(r) for r in reports]
    pages = [to_html(r).encode() for r in reports]
    words = [to_docx(r) for r in reports[:50]]
    _correct(texts[:20], reports[:20])
    _correct(pages[:20], reports[:20])
    _correct(words[:5], reports[:5])
    _line("text", _rate(parse_bytes, texts, 3), _rate(_decode, texts, 3), 200)
    _line("html", _rate(parse_bytes, pages, 3), _rate(_lxml, pages, 3), 200)
    _line("docx", _rate(parse_bytes, words, 3), _rate(_unzip, words, 3), 50)
    pdf = _to_pdf(words[0])
    if pdf is None:
        print("pdf    SKIPPED: LibreOffice (soffice) is not installed, no PDF to read")
        return
    pdfs = [pdf] * 5
    _correct(pdfs[:1], reports[:1])
    _line("pdf", _rate(parse_bytes, pdfs, 2), _rate(_pdfminer_text, pdfs, 2), 10)
    from pdfminer.pdfpage import PDFPage

    pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))
    print(f"       (each PDF: {pages} pages, {len(pdf) // 1024} KB, made by LibreOffice)")
