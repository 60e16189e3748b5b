"""The seed report (a real published report) reproduced from its fixture."""

import re
import unicodedata
from pathlib import Path

from gongkai.report import check, load
from gongkai.report.render.text import render_text

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "src/gongkai/report/examples/xinhua-education-2024.json"
SEED = ROOT / "tests/fixtures/seed/xinhua-education-2024.txt"


def normalise(text: str) -> str:
    """Whitespace aside, and full-width punctuation read as its half-width twin (NFKC)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def test_it_renders_the_seed_text_exactly() -> None:
    rendered = render_text(load(FIXTURE)).decode("utf-8")
    assert normalise(rendered) == normalise(SEED.read_text(encoding="utf-8"))


def test_it_keeps_every_seed_paragraph_as_a_paragraph() -> None:
    rendered = render_text(load(FIXTURE)).decode("utf-8")
    seed = SEED.read_text(encoding="utf-8")
    seed_paragraphs = [p.strip() for p in re.split(r"\n\s*\n", seed) if len(p.strip()) > 40]
    for paragraph in seed_paragraphs:
        if "\t" in paragraph:
            continue  # table rows, compared cell by cell above
        assert paragraph in rendered


def test_it_finds_nothing_wrong_with_the_seed() -> None:
    assert check(load(FIXTURE)) == []
