"""Reading crawled text dumps (issue 16: ≥ 500/s per core) and text-layer PDF reports
(issue 16: ≥ 20 five-page reports/s per core), with pdfminer.six against pypdfium2.

Rates are reports per second of this process's CPU time (``time.process_time``). Crawled
text: 200 random consistent reports (bench_check's generator: the small counts of real
reports) written as a crawler saves them (header lines, the body on one line, no separators),
plus ``crawl001.txt`` of the corpus; baseline: decoding the bytes and splitting the lines.
PDF: the Hongze 2024 report of the corpus (a real published report, text layer); the
reader's rate against pdfminer.six's own ``extract_text`` and pypdfium2's text extraction
(when installed: it is not a dependency of gongkai) of the same bytes.
"""

from __future__ import annotations

import io
import random
import time
from collections.abc import Callable
from pathlib import Path

from tests.core.parse.test_stream import crawled

from bench.bench_check import _report as make_report
from gongkai.parse import parse_bytes
from gongkai.parse.cells import _classify
from gongkai.parse.glue import _run_candidates

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests/fixtures/corpus"


def _rate(
    func: Callable[[bytes], object], docs: list[bytes], repeat: int, *, cold: bool = True
) -> float:
    """With ``cold``, each pass starts with the reader's caches empty: a pass is one batch
    read cold (rows repeated between the reports of a batch are still worked out once)."""
    best = float("inf")
    for _ in range(repeat):
        if cold:
            _run_candidates.cache_clear()
            _classify.cache_clear()
        start = time.process_time()
        for doc in docs:
            func(doc)
        best = min(best, time.process_time() - start)
    return len(docs) / best


def _decode(data: bytes) -> object:
    return data.decode("utf-8").splitlines()


def _pdfminer(data: bytes) -> object:
    from pdfminer.high_level import extract_text

    return extract_text(io.BytesIO(data))


def _pdfium(data: bytes) -> object:
    import pypdfium2 as pdfium  # type: ignore[import-not-found,unused-ignore]

    doc = pdfium.PdfDocument(data)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def _read_right(docs: list[bytes]) -> tuple[int, int]:
    """Cells read, of all cells, over the documents (none may be wrong: checked in tests)."""
    read = total = 0
    for doc in docs:
        result = parse_bytes(doc)
        assert result.report is not None
        rows = [*result.report.table3.values(), result.report.table4]
        total += sum(len(r) for r in rows)
        read += sum(1 for r in rows for v in r if v is not None)
    return read, total


def main() -> None:
    rng = random.Random(16)
    docs = [crawled(make_report(rng, 2024)).encode() for _ in range(200)]
    docs.append((CORPUS / "crawl001.txt").read_bytes())
    read, total = _read_right(docs)
    rate, base = _rate(parse_bytes, docs, 3), _rate(_decode, docs, 3)
    verdict = "ok" if rate >= 500 else "BELOW TARGET"
    print(
        f"crawled text {rate:8.1f} reports/s per core  baseline {base:10.1f}/s  "
        f"({base / rate:5.0f}× the baseline's time)  target ≥ 500: {verdict}"
    )
    warm = _rate(parse_bytes, docs, 2, cold=False)
    print(f"             the same batch again, rows already cut remembered: {warm:8.1f}/s")
    print(f"             table 三/四 cells read: {read} of {total} ({read / total:.1%})")
    pdf = (CORPUS / "reference/hongze-2024.pdf").read_bytes()
    from pdfminer.pdfpage import PDFPage

    pages = sum(1 for _ in PDFPage.get_pages(io.BytesIO(pdf)))
    pdfs = [pdf] * 5
    reader = _rate(parse_bytes, pdfs, 2)
    miner = _rate(_pdfminer, pdfs, 2)
    verdict = "ok" if reader * pages / 5 >= 20 else "BELOW TARGET"
    print(
        f"pdf (Hongze 2024, {pages} pages, {len(pdf) // 1024} KB)  reader {reader:6.1f}/s  "
        f"pdfminer extract_text {miner:6.1f}/s  "
        f"target ≥ 20 five-page reports/s ({reader * pages / 5:5.1f} five-page equivalents): "
        f"{verdict}"
    )
    try:
        import pypdfium2  # type: ignore[import-not-found,unused-ignore]  # noqa: F401
    except ImportError:
        print("pypdfium2    SKIPPED: not installed (pip install pypdfium2 to compare)")
        return
    pdfium = _rate(_pdfium, pdfs, 3)
    print(
        f"pypdfium2 text extraction {pdfium:7.1f}/s  ({pdfium / miner:5.1f}× pdfminer's rate; "
        "text only, no positions or ruling lines)"
    )
