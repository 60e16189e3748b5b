"""Where each word of a PDF is printed (``pdftotext -bbox``), for the tests that check the place
of an element on the page (the 版记 at the foot of the text block)."""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

HAS_PDFTOTEXT = shutil.which("pdftotext") is not None
TEXT_BOTTOM = (297 - 35) / 25.4 * 72  # pt from the top of A4: the foot of GB/T 9704's text block
COLOPHON_LINE = 22  # pt: one 4号 line of the 版记


@dataclass(frozen=True)
class Word:
    page: int  # from 0
    text: str
    top: float  # pt from the top of the page
    bottom: float
    left: float


def words(pdf: bytes) -> list[Word]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "document.pdf"
        path.write_bytes(pdf)
        html = subprocess.run(
            ["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True, check=True
        ).stdout
    found = []
    for page, body in enumerate(html.split("<page ")[1:]):
        for x, top, bottom, text in re.findall(
            r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', body
        ):
            found.append(Word(page, text, float(top), float(bottom), float(x)))
    return found


def in_text_block(found: list[Word]) -> list[Word]:
    """The words above the text block's foot: without the page numbers under it."""
    return [w for w in found if w.top < TEXT_BOTTOM]
