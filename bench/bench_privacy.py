"""The personal-data scan over a 50-page document's text (issue 18: under 1 s on one core).

The text is 50 A4 pages of a notice (1,500 characters a page, the body's 22 × 28 grid with
headings), with an ID number, a mobile number, a landline and an e-mail on every fifth page.
Baseline, same run and text: one pass of a single regular expression for digit runs, the least
any number-finding scan must do.
"""

from __future__ import annotations

import random
import re

from bench.timing import best_of
from gongkai.privacy import scan

PAGES = 50
PAGE = 1_500


def _document(seed: int = 18) -> str:
    rng = random.Random(seed)
    words = "各学校要按照市教育局工作部署做好2025年招生入学工作确保公平公正公开第十二条规定执行"
    pages = []
    for page in range(PAGES):
        text = "".join(rng.choice(words) for _ in range(PAGE))
        if page % 5 == 0:
            text += "联系人：张三，身份证号410402199003074569，手机13812345678，"
            text += "电话0375-2345678，邮箱 zhang@example.cn。"
        pages.append(text)
    return "\n".join(pages)


def main() -> None:
    text = _document()
    digits = re.compile(r"\d+")
    base = best_of(lambda: digits.findall(text), 5)
    scanned = best_of(lambda: scan(text), 5)
    hits = scan(text)
    print(f"{len(text):,} characters ({PAGES} pages), {len(hits)} finds")
    print(f"  baseline  one digit-run regex pass   {base * 1000:8.2f} ms")
    ratio = scanned / base
    print(f"  scan      personal data, checked     {scanned * 1000:8.2f} ms  {ratio:5.1f}×")
    assert len(hits) == 5 * (PAGES // 5)  # five finds on every fifth page
